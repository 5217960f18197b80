"""Unconstrained greedy infilling with the trained model (for evaluation and examples; the editor uses
src/decode with the grammar constraint instead).

Each hole becomes `slots` mask tokens; every forward pass commits one token: at the most confident
masked position (order='confidence', LLaDA's low-confidence remasking with one token per step) or at
the leftmost masked position (order='left-to-right'). A hole ends at its first <|pad|> or <|eos|>.
"""
import torch


@torch.no_grad()
def greedy_fill(net, enc, segments, slots, max_context=256, order='confidence'):
    """segments: list of texts around the holes (len = holes + 1). Returns (filled holes, forward passes)."""
    mask_id, pad_id, eos_id = enc.special['<|mask|>'], enc.special['<|pad|>'], enc.special['<|eos|>']
    holes = len(segments) - 1
    parts = [enc.encode(s) for s in segments]
    budget = max(0, max_context - holes * slots)
    # Keep the text nearest the holes: the end of the first segment, the start of the last one.
    if sum(len(p) for p in parts) > budget:
        keep_first = budget // 2 if holes else budget
        parts[0] = parts[0][-keep_first:] if keep_first else []
        middle = sum(len(p) for p in parts[1:-1])
        parts[-1] = parts[-1][:max(0, budget - len(parts[0]) - middle)]
    ids = []
    hole_positions = []
    for i, part in enumerate(parts):
        ids.extend(part)
        if i < holes:
            hole_positions.append(list(range(len(ids), len(ids) + slots)))
            ids.extend([mask_id] * slots)
    x = torch.tensor([ids])
    passes = 0
    while (x == mask_id).any():
        logits = net(x)[0]
        passes += 1
        logits[:, mask_id] = -1e9
        probs = logits.softmax(-1)
        conf, best = probs.max(-1)
        conf[x[0] != mask_id] = -1
        pos = int(conf.argmax()) if order == 'confidence' else int((x[0] == mask_id).nonzero()[0])
        x[0, pos] = best[pos]
    fills = []
    for positions in hole_positions:
        out = []
        for p in positions:
            t = int(x[0, p])
            if t in (pad_id, eos_id):
                break
            out.append(t)
        fills.append(enc.decode(out))
    return fills, passes
