"""The audit pool sheds load instead of queueing it: with every worker and queue
slot taken a request is refused at once (429), a request past its time budget is
answered 503 while its slot stays taken until the worker is free, and a worker
that dies is replaced."""

from __future__ import annotations

import asyncio

import pytest

from auditor.config import Config
from auditor.serve.back_pressure import AuditPool, Shed
from auditor.serve.settings import ServeSettings
from serve_jobs import die, hold_until


def pool_of(**settings) -> AuditPool:
    return AuditPool(ServeSettings(**settings), Config())


async def until_free(pool: AuditPool) -> None:
    for _ in range(12000):  # bounded: at most two minutes
        if pool.admitted == 0:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the slot was never given back")


@pytest.mark.parametrize("queue", [0, 2])
def test_a_full_pool_refuses_at_once_with_429(tmp_path, queue):
    async def scenario():
        pool = pool_of(workers=1, queue=queue, request_seconds=120)
        try:
            release = tmp_path / "go"
            held = [asyncio.ensure_future(pool.run(hold_until, str(release))) for _ in range(1 + queue)]
            await asyncio.sleep(0)  # each takes its slot before its first wait
            assert pool.admitted == 1 + queue
            with pytest.raises(Shed) as refused:
                await pool.run(hold_until, str(release))
            assert refused.value.status == 429
            release.touch()
            assert await asyncio.gather(*held) == ["released"] * (1 + queue)
            await until_free(pool)
            assert await pool.run(hold_until, str(release)) == "released"  # room again
        finally:
            pool.close()

    asyncio.run(scenario())


def test_a_request_past_its_budget_is_503_and_keeps_its_slot_until_the_worker_is_free(tmp_path):
    async def scenario():
        pool = pool_of(workers=1, queue=0, request_seconds=0.2)
        try:
            release = tmp_path / "go"
            with pytest.raises(Shed) as late:
                await pool.run(hold_until, str(release))
            assert late.value.status == 503
            with pytest.raises(Shed) as busy:  # the worker is still on it: no second job piles up
                await pool.run(hold_until, str(release))
            assert busy.value.status == 429
            release.touch()
            await until_free(pool)
        finally:
            pool.close()

    asyncio.run(scenario())


def test_a_dead_worker_is_503_then_replaced(tmp_path):
    async def scenario():
        pool = pool_of(workers=1, queue=0, request_seconds=120)
        try:
            with pytest.raises(Shed) as broken:
                await pool.run(die, None)
            assert broken.value.status == 503
            await until_free(pool)
            release = tmp_path / "go"
            release.touch()
            assert await pool.run(hold_until, str(release)) == "released"
        finally:
            pool.close()

    asyncio.run(scenario())


def test_a_full_server_answers_429_with_retry_after_before_reading_the_upload():
    import threading

    import httpx

    from bench.serve_process import running_server
    from fixtures.images import jpeg_bytes

    release = threading.Event()
    boundary = "b0undary"
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="article_text"\r\n\r\n<p>Storm.</p>\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="images"; filename="a.jpg"\r\n'
            "Content-Type: image/jpeg\r\n\r\n").encode()

    def slow_body():
        yield head
        release.wait(120)  # the upload stalls here, holding the only slot
        yield jpeg_bytes() + f"\r\n--{boundary}--\r\n".encode()

    with running_server("--workers", "1", "--queue", "0") as url:
        answers: list[int] = []
        slow = threading.Thread(target=lambda: answers.append(httpx.post(
            url + "/v1/check", content=slow_body(), timeout=120,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}).status_code))
        slow.start()
        try:
            for _ in range(1200):  # bounded: two minutes
                if httpx.get(url + "/healthz").json()["waiting"] == 1:
                    break
                threading.Event().wait(0.1)
            refused = httpx.post(url + "/v1/check", files={"images": ("a.jpg", jpeg_bytes())}, data={"article_text": "<p>x</p>"})
            assert refused.status_code == 429
            assert int(refused.headers["retry-after"]) >= 1
            assert refused.json()["error"] == "busy"
        finally:
            release.set()
            slow.join(120)
        assert answers == [200]
        metrics = httpx.get(url + "/metrics").text
        assert 'auditor_requests_shed_total{reason="busy"} 1.0' in metrics
