#!/usr/bin/python3
"""Train the default model with the masked-diffusion objective (LLaDA, Nie et al. 2025).

Each row of a batch is one of two kinds:
- a plain window: every token is masked with probability t ~ U(eps, 1);
- an infilling window: a span (the "hole") is cut out of the window; with probability padShareOfInfill
  it is followed by 1..maxPadTokens <|pad|> tokens (the window is shortened to keep its length), so an
  over-long hole learns to end itself with pad. Only the hole (span + pads) is masked, with probability t;
  the context around it stays visible as it does when the editor fills a hole.
Loss: cross-entropy summed over masked positions, each row's weighted by 1/t, divided by the number of
maskable positions in the batch.

Writes work/<run>/log.jsonl (one line per evaluation: step, tokens seen, losses) and
work/<run>/last.pt (model + optimiser + RNG state) every checkpointEvery steps; --resume continues.

On a GPU (`--device cuda`, `--profile gpu`; tools/train/gpu/run.sh): bfloat16 autocast, batches built by
worker processes, a learning-rate schedule over a wall-clock budget (`--minutes`), and `--out-dir` gets
the weights in float16 and Adam's moments in bfloat16 every few minutes (files small enough to bring back;
gpu/unpack.py turns them into a checkpoint this script, export_onnx.py and eval.py read).
"""
import argparse
import json
import math
import copy
import os
import shutil
import time

import numpy as np
import torch
import torch.nn.functional as F

import model as model_lib
import tokenizer as tok_lib

HERE = os.path.dirname(os.path.abspath(__file__))
MASK_EPS = 1e-3


def load_tokens(tokenizer_dir, split, bundle=None, corpus_dir=None):
    """Token ids of a corpus split (the default corpus's cached next to the tokenizer); documents
    separated by <|eos|>. bundle: an .npz holding both splits (gpu/pack.py), read instead of the cache;
    corpus_dir: another corpus (build_corpus.py --profile), encoded without a cache."""
    if bundle:
        with np.load(bundle) as data:
            return data[split]
    cache = None if corpus_dir else os.path.join(tokenizer_dir, f'{split}.npy')
    if cache and os.path.exists(cache):
        return np.load(cache)
    with open(os.path.join(tokenizer_dir, 'merges.json')) as f:
        enc = tok_lib.Encoder(json.load(f))
    with open(os.path.join(corpus_dir or os.path.join(HERE, 'work', 'corpus'), f'{split}.txt'), encoding='utf-8') as f:
        docs = f.read().split('\0')
    ids = []
    for doc in docs:
        if doc:
            ids.extend(enc.encode(doc))
            ids.append(enc.special['<|eos|>'])
    arr = np.asarray(ids, dtype=np.uint16)
    if cache:
        np.save(cache, arr)
    return arr


# Slot budgets of line holes, as the decoder sizes holes (src/decode/budget.ts: 8 inside a line, 16 at a
# line's end, 32 for a whole line) plus 64 for long lines.
LINE_HOLE_BUDGETS = (8, 16, 32, 64)
# The committed run gave line holes their smallest fitting budget until this step, then any fitting one
# (train.anyLineHoleBudgetFrom overrides it).
ANY_LINE_HOLE_BUDGET_FROM = 13000


class Batches:
    def __init__(self, tokens, train_cfg, special, seed):
        self.tokens = tokens
        self.c = train_cfg
        self.mask_id = special['<|mask|>']
        self.pad_id = special['<|pad|>']
        # Byte vocabulary: a byte's id is its value (line holes need the line break and indentation ids).
        self.newline_id = 10
        self.indent_ids = (32, 9)
        self.rng = np.random.default_rng(seed)

    def multi_span_row(self, source, max_spans):
        """Up to max_spans holes cut from one window; each span may be followed by pads (the window's tail
        is dropped to keep its length). Returns (target row, maskable row)."""
        c = self.c
        rng = self.rng
        seq_len = len(source)
        starts = np.sort(rng.choice(seq_len - 1, size=int(rng.integers(1, max_spans + 1)), replace=False))
        out = []
        maskable = []
        prev = 0
        for start in starts:
            if start < prev:
                continue
            span = min(int(rng.integers(1, c['maxSpanTokens'] + 1)), seq_len - start)
            pads = int(rng.integers(1, c['maxPadTokens'] + 1)) if rng.random() < c['padShareOfInfill'] else 0
            out.extend(source[prev:start])
            maskable.extend([False] * (start - prev))
            out.extend(source[start:start + span])
            out.extend([self.pad_id] * pads)
            maskable.extend([True] * (span + pads))
            prev = start + span
        out.extend(source[prev:])
        maskable.extend([False] * (seq_len - prev))
        return np.asarray(out[:seq_len], dtype=np.int64), np.asarray(maskable[:seq_len], dtype=bool)

    def line_hole_row(self, source, step, max_holes=3):
        """Holes shaped like the decoder's: the code of 1-3 lines after their indentation (or, one time in
        three, the rest of a line from a random column, as at an inline cursor), each given a slot budget of
        LINE_HOLE_BUDGETS that holds it (the smallest until step 13,000, then any), the rest <|pad|>. The model learns to
        put a hole's text first and end it with pad, instead of padding with spaces. Returns (target row,
        maskable row), or None when the window has too few lines."""
        rng = self.rng
        seq_len = len(source)
        breaks = np.nonzero(source == self.newline_id)[0]
        if len(breaks) < 3:
            return None
        lines = rng.choice(len(breaks) - 1, size=min(len(breaks) - 1, int(rng.integers(1, max_holes + 1))), replace=False)
        out, maskable, prev = [], [], 0
        for i in np.sort(lines):
            a, b = int(breaks[i]) + 1, int(breaks[i + 1])
            while a < b and source[a] in self.indent_ids:
                a += 1
            if a >= b:
                continue
            if rng.random() < 1 / 3:
                a = int(rng.integers(a, b))
            span = b - a
            # Any budget that holds the text: the decoder gives a whole line 32 slots however short it is.
            fitting = [k for k in LINE_HOLE_BUDGETS if k >= span]
            if not fitting or a < prev:
                continue
            budget = int(rng.choice(fitting)) if step >= self.c.get('anyLineHoleBudgetFrom', ANY_LINE_HOLE_BUDGET_FROM) \
                else fitting[0]
            out.extend(source[prev:a])
            maskable.extend([False] * (a - prev))
            out.extend(source[a:b])
            out.extend([self.pad_id] * (budget - span))
            maskable.extend([True] * budget)
            prev = b
        if not any(maskable):
            return None
        out.extend(source[prev:])
        maskable.extend([False] * (seq_len - prev))
        return np.asarray(out[:seq_len], dtype=np.int64), np.asarray(maskable[:seq_len], dtype=bool)

    def make(self, batch_size, seq_len, mask_ratio=None, infill_share=None, step=0):
        """Returns (input ids, target ids, mask bool, per-row t, per-row maskable count)."""
        c = self.c
        rng = self.rng
        infill_share = infill_share_at(step, c) if infill_share is None else infill_share
        starts = rng.integers(0, len(self.tokens) - seq_len - 1, size=batch_size)
        target = np.stack([self.tokens[s:s + seq_len].astype(np.int64) for s in starts])
        maskable = np.ones((batch_size, seq_len), dtype=bool)
        spans_per_row = schedule_at(c['spansPerInfillRow'], step)
        line_share = schedule_at(c.get('lineHoleShare', 0.0), step) if mask_ratio is None else 0.0
        for row in range(batch_size):
            if line_share and rng.random() < line_share:
                shaped = self.line_hole_row(target[row], step)
                if shaped is not None:
                    target[row], maskable[row] = shaped
                    continue
            if rng.random() >= infill_share:
                continue
            if spans_per_row > 1:
                target[row], maskable[row] = self.multi_span_row(target[row], spans_per_row)
                continue
            span = int(rng.integers(1, min(c['maxSpanTokens'], seq_len // 2) + 1))
            start = int(rng.integers(0, seq_len - span))
            pads = int(rng.integers(1, c['maxPadTokens'] + 1)) if rng.random() < c['padShareOfInfill'] else 0
            pads = min(pads, seq_len - start - span)
            if pads:
                original = target[row].copy()
                target[row, start + span:start + span + pads] = self.pad_id
                target[row, start + span + pads:] = original[start + span:seq_len - pads]
            maskable[row] = False
            maskable[row, start:start + span + pads] = True
        # Stratified t (one draw per 1/B of [0, 1], shuffled): same expectation, less variance of the
        # 1/t-weighted loss than independent draws at this small batch size.
        t = ((np.arange(batch_size) + rng.uniform(0, 1, size=batch_size)) / batch_size)[rng.permutation(batch_size)] \
            if mask_ratio is None else np.full(batch_size, mask_ratio)
        p = (1 - MASK_EPS) * t + MASK_EPS
        mask = (rng.random((batch_size, seq_len)) < p[:, None]) & maskable
        for row in np.nonzero(mask.sum(1) == 0)[0]:  # at least one masked position per row
            mask[row, rng.choice(np.nonzero(maskable[row])[0])] = True
        inputs = np.where(mask, self.mask_id, target)
        return (torch.from_numpy(inputs), torch.from_numpy(target), torch.from_numpy(mask),
                torch.from_numpy(p).float(), torch.from_numpy(maskable.sum(1)).float())


def schedule_at(schedule, step):
    """A config value, or [[fromStep, value], ...]. The committed run changed its infilling rows twice:
    at step 750 fewer of them (one short span gives few maskable positions: compute for little signal),
    at step 1500 more again but with up to spansPerInfillRow spans each (as many holes as a file may have)."""
    if not isinstance(schedule, list):
        return schedule
    return [value for start, value in schedule if step >= start][-1]


def infill_share_at(step, c):
    return schedule_at(c['infillShare'], step)


def diffusion_loss(logits, target, mask, p, maskable):
    """Sum of 1/t-weighted masked CE over the batch / number of maskable positions in the batch.

    Every maskable position weighs the same: normalising per row instead gave the short infilling rows
    (and so their <|pad|> targets) so much weight that the model learnt to predict pad everywhere."""
    ce = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), target.reshape(-1), reduction='none')
    ce = ce.reshape(target.shape) * mask
    return (ce.sum(1) / p).sum() / maskable.sum()


def make_eval_set(tokens, train_cfg, special, ratio, batches, seed):
    """Fixed masked held-out batches; evalBatchSize (default: batchSize) keeps a GPU run's curve on the
    same windows as the CPU runs' (16 rows per batch)."""
    gen = Batches(tokens, train_cfg, special, seed)
    rows = train_cfg.get('evalBatchSize', train_cfg['batchSize'])
    return [gen.make(rows, train_cfg['seqLen'], mask_ratio=ratio, infill_share=0.0)
            for _ in range(batches)]


@torch.no_grad()
def evaluate(model, eval_set, token_bytes):
    """Masked-token cross-entropy (nats/token and nats/byte of the masked text) and accuracy."""
    model.eval()
    total_ce = 0.0
    total_bytes = 0
    correct = 0
    count = 0
    device = next(model.parameters()).device
    for inputs, target, mask, _, _ in eval_set:
        inputs, target, mask = inputs.to(device), target.to(device), mask.to(device)
        logits = model(inputs).float()
        ce = F.cross_entropy(logits[mask], target[mask], reduction='sum')
        total_ce += ce.item()
        correct += (logits[mask].argmax(-1) == target[mask]).sum().item()
        count += mask.sum().item()
        total_bytes += int(token_bytes[target[mask].cpu()].sum().item())
    model.train()
    return {'ce': total_ce / count, 'cePerByte': total_ce / max(1, total_bytes), 'acc': correct / count}


def lr_at(step, c, time_fraction=None):
    """Warm-up, constant, then linear decay over the last decayFraction of totalSteps (resumable), or
    of the wall-clock budget where time_fraction (elapsed / budget) is given: a GPU run knows its minutes,
    not how many steps they hold."""
    if step < c['warmupSteps']:
        return c['lr'] * (step + 1) / c['warmupSteps']
    progress = time_fraction if time_fraction is not None else step / max(1, c['totalSteps'])
    decay_start = 1 - c['decayFraction']
    if progress < decay_start:
        return c['lr']
    frac = min(1.0, (progress - decay_start) / max(1e-9, c['decayFraction']))
    return c['lr'] + (c['minLr'] - c['lr']) * frac


def make_optimizer(model, c, device):
    """AdamW, weight decay on matrices only."""
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    groups = [{'params': decay, 'weight_decay': c['weightDecay']}, {'params': no_decay, 'weight_decay': 0.0}]
    if device.type == 'cuda':
        try:  # one fused kernel per step (torch >= 2.0)
            return torch.optim.AdamW(groups, lr=c['lr'], betas=(0.9, 0.95), fused=True)
        except (TypeError, RuntimeError):
            pass
    return torch.optim.AdamW(groups, lr=c['lr'], betas=(0.9, 0.95))


def apply_profile(config, name):
    """config['profiles'][name] overrides keys of the model/train/decode sections (e.g. the GPU run's
    larger model and batches)."""
    profiles = config.get('profiles', {})
    if name not in profiles:
        raise SystemExit(f'no profile {name!r} in the config (profiles: {", ".join(profiles) or "none"})')
    merged = copy.deepcopy(config)
    for section, values in profiles[name].items():
        if section.startswith('//'):
            continue
        merged.setdefault(section, {}).update(values)
    merged['profile'] = name
    return merged


class WorkerBatches(torch.utils.data.IterableDataset):
    """Batches built in DataLoader worker processes (a GPU step outruns one Python process building
    rows). Each worker has its own data seed and estimates the global step as batches made x workers."""

    def __init__(self, tokens, c, special, seed, start_step):
        super().__init__()
        self.tokens, self.c, self.special, self.seed, self.start_step = tokens, c, special, seed, start_step

    def __iter__(self):
        info = torch.utils.data.get_worker_info()
        wid, workers = (info.id, info.num_workers) if info else (0, 1)
        gen = Batches(self.tokens, self.c, self.special, self.seed * 1000 + self.start_step + wid)
        made = 0
        while True:
            yield gen.make(self.c['batchSize'], self.c['seqLen'], step=self.start_step + made * workers + wid)
            made += 1


def export_small(out_dir, model, opt, meta):
    """Weights in float16 and Adam's moments in bfloat16, each file well under 16 MiB for a model of a
    few million parameters (what a GPU machine sends back); gpu/unpack.py reassembles a checkpoint."""
    os.makedirs(out_dir, exist_ok=True)
    weights = {k: v.detach().to('cpu', torch.float16) for k, v in model.state_dict().items()}
    moments = {'exp_avg': {}, 'exp_avg_sq': {}, 'step': {}}
    by_param = {id(p): n for n, p in model.named_parameters()}
    for group in opt.param_groups:
        for p in group['params']:
            st = opt.state.get(p)
            if not st:
                continue
            name = by_param[id(p)]
            moments['exp_avg'][name] = st['exp_avg'].detach().to('cpu', torch.bfloat16)
            moments['exp_avg_sq'][name] = st['exp_avg_sq'].detach().to('cpu', torch.bfloat16)
            moments['step'][name] = float(st['step'])
    for name, value in (('weights.pt', dict(meta, model=weights)),
                        ('adam-exp-avg.pt', {'exp_avg': moments['exp_avg'], 'step': moments['step']}),
                        ('adam-exp-avg-sq.pt', {'exp_avg_sq': moments['exp_avg_sq']})):
        tmp = os.path.join(out_dir, name + '.tmp')
        torch.save(value, tmp)
        os.replace(tmp, os.path.join(out_dir, name))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--config', default=os.path.join(HERE, 'config.json'))
    parser.add_argument('--run', default='main', help='folder under work/ for log and checkpoints')
    parser.add_argument('--tokenizer-dir', default=os.path.join(HERE, 'work', 'tokenizer'))
    parser.add_argument('--resume', action='store_true', help='continue from work/<run>/last.pt')
    parser.add_argument('--init', help='start from this checkpoint file (e.g. the committed one)')
    parser.add_argument('--minutes', type=float, default=0, help='stop after this wall time (0: totalSteps)')
    parser.add_argument('--total-steps', type=int, help='override train.totalSteps (to extend a run)')
    parser.add_argument('--eval-every', type=int, help='override train.evalEvery')
    parser.add_argument('--profile', help="apply config['profiles'][PROFILE] (e.g. gpu)")
    parser.add_argument('--device', default='cpu', help='cpu, cuda, or auto (cuda where torch sees one)')
    parser.add_argument('--tokens', help='an .npz of both token splits (gpu/pack.py) instead of the tokenizer cache')
    parser.add_argument('--workers', type=int, default=0, help='DataLoader processes building batches (0: in this one)')
    parser.add_argument('--out-dir', help='write weights.pt + Adam moments here every exportEveryMinutes and at the end')
    parser.add_argument('--batch-size', type=int, help='override train.batchSize')
    args = parser.parse_args()
    with open(args.config) as f:
        config = json.load(f)
    if args.profile:
        config = apply_profile(config, args.profile)
    c = config['train']
    if args.batch_size:
        c['batchSize'] = args.batch_size
    device = torch.device('cuda' if args.device == 'auto' and torch.cuda.is_available() else
                          'cpu' if args.device == 'auto' else args.device)
    if device.type == 'cuda' and not torch.cuda.is_available():
        raise SystemExit('train.py: --device cuda, but torch sees no GPU')
    if device.type == 'cuda':
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    time_schedule = bool(args.minutes) and c.get('scheduleByTime', False)
    if args.total_steps:
        c['totalSteps'] = args.total_steps
    if args.eval_every:
        c['evalEvery'] = args.eval_every
    torch.set_num_threads(c['threads'])
    torch.manual_seed(c['seed'])
    with open(os.path.join(args.tokenizer_dir, 'merges.json')) as f:
        merges = json.load(f)
    enc = tok_lib.Encoder(merges)
    token_bytes = torch.tensor([len(b) for b in enc.token_bytes] + [0] * len(tok_lib.SPECIAL_TOKENS))
    train_tokens = load_tokens(args.tokenizer_dir, 'train', args.tokens)
    held_tokens = load_tokens(args.tokenizer_dir, 'heldout', args.tokens)
    bytes_per_token = token_bytes[torch.from_numpy(train_tokens[:1000000].astype(np.int64))].float().mean().item()
    print(f'train {len(train_tokens)} tokens, held out {len(held_tokens)}, vocab {enc.vocab_size}', flush=True)
    run_dir = os.path.join(HERE, 'work', args.run)
    ckpt_path = os.path.join(run_dir, 'last.pt')
    source = ckpt_path if args.resume else args.init
    state = torch.load(source) if source else None
    if state and state['config']['model'] != config['model']:
        print(f'{source}: using its model shape {json.dumps(state["config"]["model"])}', flush=True)
        config['model'] = state['config']['model']
    model = model_lib.build(config['model'], enc.vocab_size).to(device)
    params = sum(p.numel() for p in model.parameters())
    opt = make_optimizer(model, c, device)
    os.makedirs(run_dir, exist_ok=True)
    batches = Batches(train_tokens, c, enc.special, c['seed'])
    step = 0
    tokens_seen = 0
    elapsed = 0.0
    if state:
        if 'merges' in state and [list(m) for m in state['merges']] != [list(m) for m in merges]:
            raise SystemExit(f'{source} was trained with other BPE merges than {args.tokenizer_dir}; '
                             f'write its tokenizer with: tokenizer.py --from-checkpoint {source}')
        model.load_state_dict({k: v.float() for k, v in state['model'].items()})
        for slot in state['optimizer']['state'].values():  # the committed checkpoint stores them as bfloat16
            for name, value in slot.items():
                if torch.is_tensor(value) and value.dtype == torch.bfloat16:
                    slot[name] = value.float()
        opt.load_state_dict(state['optimizer'])
        step, tokens_seen, elapsed = state['step'], state['tokensSeen'], state['elapsed']
        if state.get('dataRng'):  # a GPU run's workers had their own generators: none to restore
            batches.rng.bit_generator.state = state['dataRng']
        if state.get('torchRng') is not None:
            torch.set_rng_state(state['torchRng'])
        print(f'resumed from {source} at step {step}, {tokens_seen} tokens', flush=True)
    eval_set = make_eval_set(held_tokens, c, enc.special, 0.15, c['evalBatches'], 12345)
    log = open(os.path.join(run_dir, 'log.jsonl'), 'a')
    print(f'model {params} parameters; {json.dumps(config["model"])}', flush=True)

    def meta():
        return {'step': step, 'tokensSeen': tokens_seen, 'elapsed': elapsed, 'config': config,
                'vocabSize': enc.vocab_size, 'merges': merges}

    def save():
        if args.out_dir:
            export_small(args.out_dir, model, opt, meta())
            log.flush()
            shutil.copy(log.name, os.path.join(args.out_dir, 'log.jsonl'))
        tmp = ckpt_path + '.tmp'
        torch.save({'model': model.state_dict(), 'optimizer': opt.state_dict(), 'step': step,
                    'tokensSeen': tokens_seen, 'elapsed': elapsed, 'dataRng': batches.rng.bit_generator.state,
                    'torchRng': torch.get_rng_state(), 'config': config, 'vocabSize': enc.vocab_size, 'merges': merges}, tmp)
        os.replace(tmp, ckpt_path)

    if args.workers:
        loader = iter(torch.utils.data.DataLoader(WorkerBatches(train_tokens, c, enc.special, c['seed'], step),
                                                  batch_size=None, num_workers=args.workers, prefetch_factor=4,
                                                  pin_memory=device.type == 'cuda', persistent_workers=True))
        next_batch = lambda: next(loader)  # noqa: E731
    else:
        next_batch = lambda: batches.make(c['batchSize'], c['seqLen'], step=step)  # noqa: E731
    autocast = torch.autocast('cuda', dtype=torch.bfloat16) if device.type == 'cuda' else None
    budget_s = args.minutes * 60
    start = time.time()
    base_elapsed = elapsed
    last_export = start
    running = None
    while step < c['totalSteps'] or time_schedule:
        now = time.time()
        if args.minutes and now - start > budget_s:
            break
        if args.out_dir and now - last_export > c.get('exportEveryMinutes', 2) * 60:
            save()
            last_export = now
        for group in opt.param_groups:
            group['lr'] = lr_at(step, c, (now - start) / budget_s if time_schedule else None)
        inputs, target, mask, p, maskable = (t.to(device, non_blocking=True) for t in next_batch())
        if autocast:
            with autocast:
                logits = model(inputs)
            loss = diffusion_loss(logits.float(), target, mask, p, maskable)
        else:
            loss = diffusion_loss(model(inputs), target, mask, p, maskable)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), c['gradClip'])
        opt.step()
        step += 1
        tokens_seen += inputs.numel()
        elapsed = base_elapsed + time.time() - start
        if device.type == 'cpu' or step % 20 == 0 or running is None:  # .item() waits for the GPU
            value = loss.item()
            running = value if running is None else 0.98 * running + 0.02 * value
        if step % c['evalEvery'] == 0 or step == 1:
            ev = evaluate(model, eval_set, token_bytes)
            entry = {'step': step, 'tokensSeen': tokens_seen, 'bytesSeen': int(tokens_seen * bytes_per_token),
                     'elapsedS': round(elapsed, 1), 'trainLoss': round(running, 4),
                     'lr': opt.param_groups[0]['lr'], 'device': device.type,
                     'heldout15': {k: round(v, 4) for k, v in ev.items()}}
            log.write(json.dumps(entry) + '\n')
            log.flush()
            print(json.dumps(entry), flush=True)
        if step % c['checkpointEvery'] == 0:
            save()
    save()
    print(f'stopped at step {step}, {tokens_seen} tokens, {elapsed:.0f} s', flush=True)


if __name__ == '__main__':
    main()
