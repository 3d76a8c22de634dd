"""The throughput workload of talkdeck's examples/log_throughput.rs on Python's logging.FileHandler.

python3 benches/peers/python_logging.py --records 200000 --threads 1 --file /tmp/py.log
python3 benches/peers/python_logging.py --disabled   # cost of a disabled logger.debug call
"""
import argparse
import logging
import os
import threading
import time
import timeit


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=200_000)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--file", default="/tmp/python-peer.log")
    ap.add_argument("--disabled", action="store_true")
    args = ap.parse_args()

    logger = logging.getLogger("app.study")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    if args.disabled:
        logger.addHandler(logging.NullHandler())
        n = 1_000_000
        seconds = timeit.timeit(lambda: logger.debug("card %d answered", 12345), number=n)
        print(f"disabled_call_ns={seconds / n * 1e9:.1f}")
        return

    if os.path.exists(args.file):
        os.remove(args.file)
    handler = logging.FileHandler(args.file)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    logger.addHandler(handler)

    def work(n):
        for _ in range(n):
            logger.info("card %d answered %s in %.1fs", 12345, "Good", 2.3)

    counts = [args.records // args.threads + (1 if t < args.records % args.threads else 0)
              for t in range(args.threads)]
    started = time.perf_counter()
    threads = [threading.Thread(target=work, args=(n,)) for n in counts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    handler.close()
    seconds = time.perf_counter() - started
    with open(args.file, "rb") as f:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
    print(f"records={args.records} lost={args.records - lines} seconds={seconds:.3f} "
          f"rate={args.records / seconds:.0f}/s")


if __name__ == "__main__":
    main()
