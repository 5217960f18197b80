#!/usr/bin/env python3
"""Export a Hugging Face diffusion LM to a Holefill model directory.

Writes into --out:
  model.onnx (+ model.onnx.data when the weights exceed 2 GB)  input_ids int64 [1, T] -> logits float32 [1, T, V]
  tokenizer.json                                              the model's Hugging Face tokenizer
  holefill-model.json                                         the manifest src/model/manifest.ts reads
  model-gathered.onnx (only with --gather)                    input_ids [1, T], positions [K] -> logits [1, K, V]

Families:
  dream       Dream-Coder, DiffuCoder, Dream (Qwen2 backbone; logits are shifted: row i-1 predicts token i)
  llada       LLaDA (non-shifted: row i predicts token i)
  modernbert  ModernBERT-based masked-diffusion models (an encoder; non-shifted)

Needs python3 with torch, transformers, onnx (and tokenizers). Example:
  python3 tools/export/export_diffusion_lm.py --model ~/hf/Dream-Coder-v0-Base-7B --family dream --out models/dream-coder
"""
import argparse
import inspect
import json
import os
import shutil
import sys
import tempfile

# Per family: candidate token strings (looked up in tokenizer.json, first hit wins), the config.json
# keys to fall back on, and last-resort ids from the published checkpoints.
FAMILIES = {
    'dream': {
        'mask': (['<|mask|>'], ['mask_token_id'], 151666),
        'eos': (['<|endoftext|>', '<|im_end|>'], ['eos_token_id'], 151643),
        'pad': (['<|dlm_pad|>', '<|endoftext|>'], ['pad_token_id'], None),
        'prefix': [],
        'shifted': True,
    },
    'llada': {
        'mask': (['<|mdm_mask|>'], ['mask_token_id'], 126336),
        'eos': (['<|eot_id|>', '<|endoftext|>'], ['eos_token_id'], 126081),
        'pad': (['<|endoftext|>'], ['pad_token_id'], None),
        'prefix': ['<|startoftext|>'],
        'shifted': False,
    },
    'modernbert': {
        'mask': (['[MASK]'], ['mask_token_id'], None),
        'eos': (['[SEP]'], ['sep_token_id', 'eos_token_id'], None),
        'pad': (['[PAD]'], ['pad_token_id'], None),
        'prefix': ['[CLS]'],
        'shifted': False,
    },
}

TWO_GB = 2 * 1024 ** 3


def parse_args(argv):
    p = argparse.ArgumentParser(
        description='Export a diffusion LM (Dream/DiffuCoder, LLaDA, ModernBERT) to ONNX plus a Holefill manifest.')
    p.add_argument('--model', required=True, help='local Hugging Face checkout (a directory with config.json)')
    p.add_argument('--family', required=True, choices=sorted(FAMILIES), help='dream for Dream-Coder / DiffuCoder / Dream')
    p.add_argument('--out', required=True, help='output model directory (created)')
    p.add_argument('--max-length', type=int, default=1024, help='maxLength written to the manifest (default 1024)')
    p.add_argument('--opset', type=int, default=17, help='ONNX opset (default 17)')
    p.add_argument('--name', default=None, help='name in the manifest (default: the checkout folder name)')
    p.add_argument('--attn-implementation', default=None,
                   help='passed to from_pretrained (default: eager for modernbert, the model default otherwise)')
    p.add_argument('--gather', action='store_true',
                   help='also write model-gathered.onnx: forward(input_ids, positions) -> logits of those rows only '
                        '(Holefill\'s runtime does not consume it yet)')
    p.add_argument('--mask-token-id', type=int, default=None, help='override the looked-up mask id')
    p.add_argument('--eos-token-id', type=int, default=None, help='override the looked-up eos id')
    p.add_argument('--pad-token-id', type=int, default=None, help='override the looked-up pad id (-1: none)')
    return p.parse_args(argv)


def fail(message):
    print('export_diffusion_lm: ' + message, file=sys.stderr)
    sys.exit(2)


# ---------------------------------------------------------------- tokenizer

def write_tokenizer_json(model_dir, out_dir):
    """Copies tokenizer.json; checkouts that ship only vocab.json/merges.txt get one converted by transformers."""
    src = os.path.join(model_dir, 'tokenizer.json')
    dst = os.path.join(out_dir, 'tokenizer.json')
    if os.path.isfile(src):
        shutil.copyfile(src, dst)
        return dst
    from transformers import AutoTokenizer
    tok = AutoTokenizer.from_pretrained(model_dir, trust_remote_code=True, use_fast=True)
    backend = getattr(tok, 'backend_tokenizer', None)
    if backend is None:
        # A slow (Python) tokenizer, as Dream's remote code ships: convert it to a fast one.
        from transformers.convert_slow_tokenizer import convert_slow_tokenizer
        backend = convert_slow_tokenizer(tok)
    backend.save(dst)
    return dst


def token_table(tokenizer_path):
    """Token string -> id from tokenizer.json (added tokens win over the base vocabulary)."""
    with open(tokenizer_path, encoding='utf-8') as f:
        data = json.load(f)
    table = {}
    vocab = (data.get('model') or {}).get('vocab')
    if isinstance(vocab, dict):
        table.update(vocab)
    elif isinstance(vocab, list):  # Unigram: [[piece, score], ...]
        table.update({piece: i for i, (piece, _score) in enumerate(vocab)})
    for added in data.get('added_tokens') or []:
        table[added['content']] = added['id']
    return table


def resolve_id(kind, spec, table, config, override):
    strings, config_keys, constant = spec
    if override is not None:
        return None if override < 0 else override, 'command line'
    for s in strings:
        if s in table:
            return table[s], 'tokenizer ' + s
    for key in config_keys:
        value = config.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, int):
            return value, 'config.json ' + key
    if constant is not None:
        return constant, 'published default'
    if kind == 'pad':
        return None, 'none found'
    fail('cannot find the %s token (tried %s in tokenizer.json, %s in config.json); pass --%s-token-id.'
         % (kind, strings, config_keys, kind))


# ---------------------------------------------------------------- wrappers

def model_logits(model, input_ids):
    """Runs the model with full bidirectional attention and returns logits [1, T, V].

    No attention mask is passed (attention_mask=None means "attend to every position"):
    - Dream / DiffuCoder: the remote code calls scaled_dot_product_attention with is_causal=False, so
      without a mask every token sees every other token (Dream's own generate() does the same for
      unpadded input).
    - LLaDA: its blocks are non-causal by construction (is_causal=False, no causal bias).
    - ModernBERT: an encoder; a missing mask becomes all ones (its local layers keep their
      sliding window, which is part of the model, not causality).
    """
    import torch
    kwargs = {}
    params = inspect.signature(model.forward).parameters
    if 'attention_mask' in params:
        kwargs['attention_mask'] = None
    if 'use_cache' in params:
        kwargs['use_cache'] = False
    if 'return_dict' in params:
        kwargs['return_dict'] = True
    out = model(input_ids=input_ids, **kwargs)
    logits = out.logits if hasattr(out, 'logits') else out[0]
    return logits.to(torch.float32)


def build_wrappers():
    import torch

    class FullLogits(torch.nn.Module):
        """forward(input_ids [1, T] int64) -> logits [1, T, V] float32; what Holefill's runtime runs."""

        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, input_ids):
            return model_logits(self.model, input_ids)

    class GatheredLogits(torch.nn.Module):
        """forward(input_ids [1, T], positions [K]) -> logits [1, K, V] of the rows in `positions`.

        The LM head is swapped for an identity inside the model, so the model returns hidden states
        [1, T, H]; only the K requested rows go through the head. With V ~ 150k (Dream) or 126k (LLaDA)
        the full [1, T, V] output is the largest tensor of a pass (T=1024: ~600 MB of float32), and a
        fill needs only the masked rows. For shifted (Dream-family) models the caller passes the row
        before each masked position (p - 1). Holefill's runtime does not consume this variant yet.
        """

        def __init__(self, model, head):
            super().__init__()
            self.model = model
            self.head = head

        def forward(self, input_ids, positions):
            hidden = model_logits(self.model, input_ids)  # [1, T, H]: the head is an identity here
            picked = hidden.index_select(1, positions)     # [1, K, H]
            return self.head(picked).to(torch.float32)     # [1, K, V]

    return FullLogits, GatheredLogits


def detach_head(model, family):
    """Replaces the model's output projection with an identity and returns the projection."""
    import torch
    if family == 'dream':
        owner, attr = model, 'lm_head'
    elif family == 'modernbert':
        owner, attr = model, 'decoder'  # ModernBertForMaskedLM: logits = decoder(head(hidden))
    else:
        transformer = model.model.transformer  # LLaDAModelLM -> LLaDAModel -> transformer ModuleDict
        if 'ff_out' not in transformer:
            fail('--gather: this LLaDA checkpoint ties its output to the embedding (no ff_out); not supported.')
        owner, attr = transformer, 'ff_out'
    if isinstance(owner, torch.nn.ModuleDict):
        head = owner[attr]
        owner[attr] = torch.nn.Identity()
    else:
        head = getattr(owner, attr, None)
        if head is None:
            fail('--gather: the model has no %s module to gather before.' % attr)
        setattr(owner, attr, torch.nn.Identity())
    return head


# ---------------------------------------------------------------- export

def onnx_export(module, args_tuple, path, input_names, dynamic_axes, opset):
    import torch
    kwargs = dict(input_names=input_names, output_names=['logits'], dynamic_axes=dynamic_axes,
                  opset_version=opset, do_constant_folding=True)
    if 'dynamo' in inspect.signature(torch.onnx.export).parameters:
        kwargs['dynamo'] = False  # the TorchScript exporter honours dynamic_axes as written
    with torch.no_grad():
        torch.onnx.export(module, args_tuple, path, **kwargs)


def export_graph(module, args_tuple, out_path, input_names, dynamic_axes, opset, large):
    """Exports into a scratch folder, then saves into out_path; weights over 2 GB go to one
    external file next to the graph (<name>.data), which onnxruntime loads from the same folder."""
    import onnx
    with tempfile.TemporaryDirectory(dir=os.path.dirname(out_path)) as scratch:
        tmp = os.path.join(scratch, 'graph.onnx')
        onnx_export(module, args_tuple, tmp, input_names, dynamic_axes, opset)
        if not large:
            shutil.move(tmp, out_path)
            return
        # The exporter writes >2 GB graphs as one file per tensor; gather them into a single file.
        proto = onnx.load_model(tmp, load_external_data=True)
        data_name = os.path.basename(out_path) + '.data'
        onnx.save_model(proto, out_path, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=data_name, size_threshold=1024)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    import torch
    import transformers

    model_dir = os.path.abspath(os.path.expanduser(args.model))
    if not os.path.isfile(os.path.join(model_dir, 'config.json')):
        fail('%s is not a Hugging Face checkout (no config.json).' % model_dir)
    if args.max_length < 8:
        fail('--max-length must be >= 8.')
    os.makedirs(args.out, exist_ok=True)
    out_dir = os.path.abspath(args.out)
    family = FAMILIES[args.family]

    with open(os.path.join(model_dir, 'config.json'), encoding='utf-8') as f:
        config = json.load(f)

    tokenizer_path = write_tokenizer_json(model_dir, out_dir)
    table = token_table(tokenizer_path)
    mask_id, mask_from = resolve_id('mask', family['mask'], table, config, args.mask_token_id)
    eos_id, eos_from = resolve_id('eos', family['eos'], table, config, args.eos_token_id)
    pad_id, pad_from = resolve_id('pad', family['pad'], table, config, args.pad_token_id)
    if pad_id is not None and pad_id == mask_id:
        fail('pad id equals mask id (%d); pass --pad-token-id.' % mask_id)
    prefix = [table[s] for s in family['prefix'] if s in table]
    print('mask %s (%s), eos %s (%s), pad %s (%s), prefix %s'
          % (mask_id, mask_from, eos_id, eos_from, pad_id, pad_from, prefix))

    trained_length = config.get('max_position_embeddings') or config.get('max_sequence_length')
    if isinstance(trained_length, int) and args.max_length > trained_length:
        print('warning: --max-length %d exceeds the model\'s %d positions' % (args.max_length, trained_length))

    load_kwargs = dict(trust_remote_code=True, torch_dtype=torch.float32)
    attn = args.attn_implementation or ('eager' if args.family == 'modernbert' else None)
    if attn:
        load_kwargs['attn_implementation'] = attn
    if args.family == 'modernbert':
        # torch.compile'd reference paths and unpadding do not trace; the eager path does.
        load_kwargs['reference_compile'] = False
        model = transformers.AutoModelForMaskedLM.from_pretrained(model_dir, **load_kwargs)
    else:
        # Dream's and LLaDA's remote code registers their LM classes under AutoModel.
        model = transformers.AutoModel.from_pretrained(model_dir, **load_kwargs)
    model.eval()

    weight_bytes = sum(p.numel() * p.element_size() for p in model.parameters())
    large = weight_bytes >= TWO_GB - 64 * 1024 ** 2  # leave room for the graph itself under protobuf's 2 GB
    print('weights: %.2f GB (%s)' % (weight_bytes / 1e9, 'external data' if large else 'single file'))

    FullLogits, GatheredLogits = build_wrappers()
    sample = torch.full((1, 32), mask_id, dtype=torch.long)
    sample[0, :16] = torch.arange(16) + 100  # ordinary tokens beside masks: a realistic trace

    with torch.no_grad():
        logits = FullLogits(model)(sample)
    if logits.dim() != 3 or logits.shape[:2] != (1, 32):
        fail('the model returned logits of shape %s, expected [1, 32, V].' % (tuple(logits.shape),))
    vocab_size = logits.shape[2]
    if max(mask_id, eos_id, pad_id or 0) >= vocab_size:
        fail('a special token id is outside the model\'s vocabulary of %d.' % vocab_size)

    onnx_name = 'model.onnx'
    export_graph(FullLogits(model), (sample,), os.path.join(out_dir, onnx_name), ['input_ids'],
                 {'input_ids': {1: 'T'}, 'logits': {1: 'T'}}, args.opset, large)
    print('wrote %s' % os.path.join(out_dir, onnx_name))

    if args.gather:
        # Done after the full export because it swaps the head out of `model` in place.
        head = detach_head(model, args.family)
        positions = torch.tensor([16, 20, 31], dtype=torch.long)
        gathered = GatheredLogits(model, head)
        with torch.no_grad():
            check = gathered(sample, positions)
        if not torch.allclose(check, logits[:, positions], atol=1e-3, rtol=1e-3):
            fail('--gather: the gathered logits differ from the full logits; the head swap is wrong for this model.')
        export_graph(gathered, (sample, positions), os.path.join(out_dir, 'model-gathered.onnx'),
                     ['input_ids', 'positions'],
                     {'input_ids': {1: 'T'}, 'positions': {0: 'K'}, 'logits': {1: 'K'}}, args.opset, large)
        print('wrote %s (not used by Holefill\'s runtime yet)' % os.path.join(out_dir, 'model-gathered.onnx'))

    manifest = {
        'name': args.name or os.path.basename(model_dir.rstrip(os.sep)),
        'onnx': onnx_name,
        'tokenizer': 'tokenizer.json',
        'maskTokenId': mask_id,
        'eosTokenId': eos_id,
        'padTokenId': pad_id,
        'shiftedLogits': family['shifted'],
        'maxLength': args.max_length,
        'inputName': 'input_ids',
        'outputName': 'logits',
        'prefixTokenIds': prefix,
    }
    with open(os.path.join(out_dir, 'holefill-model.json'), 'w', encoding='utf-8') as f:
        json.dump(manifest, f, indent=2)
        f.write('\n')
    print(json.dumps(manifest, indent=2))


if __name__ == '__main__':
    main()
