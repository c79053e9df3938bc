from __future__ import annotations

from procrastinate.contrib.django import app

from aitalent.competitions import services


# retry: a worker killed mid-scoring leaves the job "doing"; procrastinate's stalled-job
# retry (or the next attempt after an error) calls the idempotent service again.
@app.task(queue="scoring", retry=3, name="aitalent.competitions.score_submission")
def score_submission(*, submission_id: int) -> None:
    services.score_submission(submission_id=submission_id)


@app.periodic(cron="*/5 * * * *")
@app.task(queue="default", retry=3, queueing_lock="competitions_finalize_due")
def finalize_due(timestamp: int) -> None:
    services.finalize_due()


@app.periodic(cron="* * * * *")
@app.task(queue="scoring", queueing_lock="competitions_retry_stalled", pass_context=True)
async def retry_stalled_scoring(context: object, timestamp: int) -> None:
    """A worker killed while scoring stops sending heartbeats: its job goes back to the queue.

    The service is idempotent (it resumes a submission left in `scoring`), so a retried job
    scores it exactly once.
    """
    for job in await app.job_manager.get_stalled_jobs(
        queue="scoring", task_name="aitalent.competitions.score_submission"
    ):
        await app.job_manager.retry_job(job)
