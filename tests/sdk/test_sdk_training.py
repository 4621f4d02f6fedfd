"""The familiar API end to end on real services, real Ray and tiny models:

from_pretrained(local folder) -> predict -> stream -> fit LoRA -> wait -> predict
with the adapter; a classifier fitted on rows read by a SQL query from SQLite.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from lmforge import LLM, SQL, Client, TextClassification, TrainingFailed
from references import hf_chat_ids, hf_classify, load_causal, load_peft_causal
from sdk.platform_fixture import inference_for


@pytest.fixture
def services(
    ray_session: None,
    registry_server: Any,
    registry_settings: Any,
    training_server: Any,
    tmp_path: Path,
) -> Iterator[Client]:
    """Registry + training (fixtures) and an inference server on the same registry and bucket."""
    inference = inference_for(registry_server, registry_settings, tmp_path)
    client = Client(registry_server.address, inference.address, training_server.address)
    try:
        yield client
    finally:
        client.close()
        inference.stop()


def chat_rows(n: int = 32) -> list[dict[str, Any]]:
    answer = "the quick brown fox jumps over the lazy dog"
    return [
        {
            "messages": [
                {"role": "user", "content": f"say it ({i})"},
                {"role": "assistant", "content": answer},
            ]
        }
        for i in range(n)
    ]


def test_llm_from_pretrained_predict_stream_fit_lora_predict_with_adapter(
    services: Client, tiny_causal_lm: Path, tmp_path: Path
) -> None:
    llm = LLM.from_pretrained(tiny_causal_lm, identifier="e2e-llm", client=services)
    question = [{"role": "user", "content": "say it (99)"}]
    before = llm.chat(question, max_new_tokens=12)
    text = llm.predict("hello world", max_new_tokens=8)
    assert "".join(llm.stream("hello world", max_new_tokens=8)) == text

    job = llm.fit(
        chat_rows(),
        method="lora",
        num_workers=1,
        max_steps=20,
        learning_rate=1e-2,
        per_device_batch_size=8,
        max_length=64,
    )
    assert job.job.state in ("QUEUED", "RUNNING")  # fit returned at once
    done = job.wait()
    assert done.state == "SUCCEEDED" and done.output
    events = list(job.events())
    losses = [e.metrics.loss for e in events if e.kind == "metrics" and e.metrics]
    assert losses and losses[-1] < losses[0]
    assert [e.state for e in events if e.kind == "state"][-1] == "SUCCEEDED"

    tuned = job.result()
    assert isinstance(tuned, LLM) and tuned.adapter_id == done.output
    version = services.resolve(done.output).version
    assert version.is_adapter and version.lineage.base == llm.reference == "e2e-llm:1"
    assert version.lineage.source_job_id == done.id
    after = tuned.chat(question, max_new_tokens=12)
    # Served through the adapter = the downloaded adapter as a PeftModel in-process,
    # token for token; and the base's answer = the base's own greedy answer.
    adapter = services.download_model(done.output, tmp_path / "adapter")
    served = services.chat("e2e-llm", question, adapter=done.output, max_new_tokens=12)
    assert served.text == after
    tuned_ref = load_peft_causal(tiny_causal_lm, adapter)
    assert served.token_ids == hf_chat_ids(tuned_ref, question, 12)
    base = services.chat("e2e-llm", question, max_new_tokens=12)
    assert base.text == before
    assert base.token_ids == hf_chat_ids(load_causal(tiny_causal_lm), question, 12)
    assert served.token_ids != base.token_ids  # the adapter changed the answer
    # An adapter's own reference is served through its base, answering through the adapter.
    by_ref = LLM(done.output, identifier="e2e-llm", client=services)
    assert by_ref.chat(question, max_new_tokens=12) == after
    assert (by_ref.reference, by_ref.adapter_id) == ("e2e-llm:1", done.output)
    # The base, served from the same loaded model, is unchanged.
    assert llm.chat(question, max_new_tokens=12) == before
    assert [a.name for a in tuned.init().adapters] == [done.output]


def test_classifier_fit_on_a_sql_query_and_failures_raise(
    services: Client, tiny_classifier: Path, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'reviews.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("create table reviews (body text, stars integer)"))
        rows = [("I love it, wonderful", 5), ("terrible and awful", 1)] * 16
        conn.execute(
            sa.text("insert into reviews values (:b, :s)"), [{"b": b, "s": s} for b, s in rows]
        )
    engine.dispose()
    clf = TextClassification.from_pretrained(tiny_classifier, identifier="e2e-clf", client=services)
    query = SQL(
        "select body as text, case when stars >= 3 then 'positive' else 'negative' end as label "
        "from reviews",
        url,
    )
    job = clf.fit(
        query, dataset_name=f"reviews-{uuid.uuid4().hex[:6]}", max_steps=6, learning_rate=1e-2
    )
    job.wait()
    data = services.resolve_dataset(job.job.dataset_version or "")
    assert data.row_count == 32 and sorted(data.columns) == ["label", "text"]
    tuned = job.result()
    assert isinstance(tuned, TextClassification) and tuned.adapter_id == job.job.output
    # The served prediction = the downloaded LoRA adapter over the base, in-process.
    assert services.resolve(job.job.output or "").version.is_adapter
    adapter = services.download_model(job.job.output or "", tmp_path / "adapter")
    texts = ["I love it, wonderful", "terrible and awful"]
    expected = hf_classify(tiny_classifier, texts, adapter=adapter)
    for text, probs in zip(texts, expected, strict=True):
        result = tuned.predict(text)
        assert result.label == max(probs, key=probs.__getitem__)
        assert result.score == pytest.approx(max(probs.values()), abs=1e-4)
        assert {s.label: s.score for s in result.scores} == pytest.approx(probs, abs=1e-4)

    # A job the service fails (a label the model does not know) raises TrainingFailed.
    bad = clf.fit([{"text": "x", "label": "sideways"}] * 4, max_steps=2)
    with pytest.raises(TrainingFailed) as e:
        bad.wait()
    assert e.value.job.state == "FAILED" and "sideways" in str(e.value)
