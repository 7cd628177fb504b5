"""The plain-torch MiniLM gives the vectors sentence-transformers gives for the same packaged model."""
import numpy as np

from newsdossier.embed import embed, model_path

TEXTS = [
    "The two leaders met on the sidelines of the summit on Thursday.",
    "“We will never accept this,” the minister told reporters.",
    "",
    "a",
    "Ünïcödé — “quotes”, 北京 and an emoji 😀",
    "word " * 600,  # longer than the model's 256 tokens: both truncate
    "Short.",
    "Officials said the agreement, signed after months of talks, covers trade, energy and security.",
]


def test_vectors_match_sentence_transformers():
    import torch
    from sentence_transformers import SentenceTransformer

    ours = embed(TEXTS)
    reference = SentenceTransformer(str(model_path()), device="cpu")
    torch.set_num_threads(1)
    expected = reference.encode(TEXTS, normalize_embeddings=True, batch_size=32)
    assert ours.shape == expected.shape == (len(TEXTS), 384)
    assert np.abs(ours - expected).max() < 1e-5
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_order_and_batching_do_not_change_a_vector():
    many = [f"Sentence number {i} about the talks." for i in range(70)] + TEXTS
    alone = embed([TEXTS[1]])[0]
    assert np.abs(embed(many)[70 + 1] - alone).max() < 1e-5
    assert embed([]).shape == (0, 384)
