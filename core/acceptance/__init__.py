"""`shelcaster check-aws`: one run of the product's own code paths against the deployer's real account.

It plays a short show (an MP4 test clip as the host, so no encoder is needed), measures what AWS does at each
step the product depends on, cleans up everything it made (found again by its run id after a crash), and saves
a report whose verdicts the product reads back (`findings`).
"""
