#!/usr/bin/env python3
"""A paced sound card for alsa-lib's file plugin: `file "| alsa_sink.py OUT
BYTES_PER_SECOND"` in a test .asoundrc.  It takes what tplay plays at
that rate and writes it to OUT, so a blocking write paces the mic thread
as a real card's clock would (the file plugin alone is not paced)."""
import sys
import time


def main():
    out, rate = sys.argv[1], float(sys.argv[2])
    chunk = max(8, int(rate / 200) // 8 * 8)   # 5 ms worth
    src = sys.stdin.buffer
    t0, n = time.monotonic(), 0
    with open(out, 'wb', buffering=0) as f:
        while True:
            b = src.read1(chunk)
            if not b:
                break
            f.write(b)
            n += len(b)
            ahead = n / rate - (time.monotonic() - t0)
            if ahead > 0:
                time.sleep(ahead)


if __name__ == '__main__':
    main()
