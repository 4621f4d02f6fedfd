"""Tiny models built from scratch in seconds, offline: real architectures, random weights.

- a Llama causal LM (2 layers, hidden 64) with a byte-level BPE tokenizer and a
  ChatML chat template (``<|im_start|>`` / ``<|im_end|>``, eos ``<|im_end|>``);
- a BERT sequence classifier (2 layers, hidden 64) with labels negative/positive.

Weights are seeded, so every build gives the same model. The tokenizer is
byte-level, so any text (emoji, CJK) round-trips, which the streaming tests
need to check that deltas never split a multi-byte character.
"""

from __future__ import annotations

from pathlib import Path

CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)

CORPUS = [
    "the quick brown fox jumps over the lazy dog",
    "hello world, how are you today? I am fine, thank you.",
    "What are we having for dinner? Pasta with tomato sauce.",
    "I love this movie, it is great and wonderful",
    "I hate this weather, it is terrible and awful",
    "machine learning models generate text one token at a time",
    "gRPC streams messages between clients and servers",
    # Multi-byte characters, so streaming tests can catch split characters.
    "caf\u00e9 na\u00efve r\u00e9sum\u00e9 \u00fcber stra\u00dfe",
    "\u65e5\u672c\u8a9e \U0001f600 \U0001f680",
    "0 1 2 3 4 5 6 7 8 9 10 11 12",
]


def build_tokenizer(save_dir: Path):  # type: ignore[no-untyped-def]
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<pad>", "[CLS]", "[SEP]", "[MASK]"]
    trainer = trainers.BpeTrainer(
        vocab_size=600,
        special_tokens=specials,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(CORPUS * 20, trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        bos_token="<|im_start|>",
        eos_token="<|im_end|>",
        pad_token="<pad>",
        unk_token="<|endoftext|>",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
        model_max_length=128,
    )
    fast.chat_template = CHAT_TEMPLATE
    fast.save_pretrained(save_dir)
    return fast


def build_causal_lm(save_dir: Path, seed: int = 0) -> Path:
    import torch
    from transformers import GenerationConfig, LlamaConfig, LlamaForCausalLM

    save_dir.mkdir(parents=True, exist_ok=True)
    tok = build_tokenizer(save_dir)
    torch.manual_seed(seed)
    config = LlamaConfig(
        vocab_size=len(tok),
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=256,
        bos_token_id=tok.bos_token_id,
        eos_token_id=tok.eos_token_id,
        pad_token_id=tok.pad_token_id,
        tie_word_embeddings=False,
    )
    model = LlamaForCausalLM(config)
    model.generation_config = GenerationConfig(
        bos_token_id=tok.bos_token_id,
        eos_token_id=tok.eos_token_id,
        pad_token_id=tok.pad_token_id,
    )
    model.save_pretrained(save_dir)
    return save_dir


def tiny_bert_config(tok, **kwargs):  # type: ignore[no-untyped-def]
    """The 2-layer, hidden-64 BERT config every tiny encoder model here shares."""
    from transformers import BertConfig

    return BertConfig(
        vocab_size=len(tok),
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        max_position_embeddings=128,
        pad_token_id=tok.pad_token_id,
        **kwargs,
    )


def build_classifier(
    save_dir: Path, seed: int = 0, labels: tuple[str, ...] = ("negative", "positive")
) -> Path:
    import torch
    from transformers import BertForSequenceClassification

    save_dir.mkdir(parents=True, exist_ok=True)
    tok = build_tokenizer(save_dir)
    torch.manual_seed(seed)
    config = tiny_bert_config(
        tok,
        num_labels=len(labels),
        id2label=dict(enumerate(labels)),
        label2id={label: i for i, label in enumerate(labels)},
    )
    model = BertForSequenceClassification(config)
    model.save_pretrained(save_dir)
    return save_dir
