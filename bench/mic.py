#!/usr/bin/env python3
"""How fast the mic path runs on alsa-lib's file devices, which have no
clock: tplay --mic in tmux captures from a raw file and plays into
/dev/null as fast as the thread goes, for a few seconds; the trace says
how many frames went through.  Prints frames a second, times real time,
and what was granted.

Usage: python3 bench/mic.py [BUILD_DIR] [SECONDS]"""
import array
import math
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time

RATE = 48000


def measure(build, seconds):
    """Run it; print and return (frames a second, granted line)."""
    tplay = os.path.abspath(os.path.join(build, 'tplay'))
    work = tempfile.mkdtemp(prefix='tplay-bench-mic-')
    raw = os.path.join(work, 'in.raw')
    a = array.array('f', (0.25 * math.sin(2 * math.pi * 440 * i / RATE)
                          for i in range(RATE) for _ in (0, 1)))
    with open(raw, 'wb') as f:
        for _ in range(10):  # past its end the plugin reads silence: the
            a.tofile(f)      # path runs on, and is what is measured
    with open(os.path.join(work, '.asoundrc'), 'w') as f:
        f.write('pcm.mic_in { type file slave.pcm "null" infile "%s" '
                'file "/dev/null" format "raw" }\n' % raw)
        f.write('pcm.mon_out { type file slave.pcm "null" file "/dev/null" '
                'format "raw" }\n')
    trace = os.path.join(work, 'trace')
    sock = os.path.join(work, 'sock')
    cmd = ' '.join(shlex.quote(x) for x in [
        tplay, '--no-config', '--mic', '--mic-device', 'mic_in',
        '--mic-output', 'mon_out'])
    subprocess.run(['tmux', '-S', sock, '-f', '/dev/null', 'new-session',
                    '-d', '-x', '120', '-y', '30', '-e', 'HOME=' + work,
                    '-e', 'TPLAY_TRACE=' + trace, '-e', 'LANG=C.UTF-8',
                    '-e', 'TERM=tmux-256color', cmd + '; sleep 30'],
                   check=True)
    time.sleep(seconds)
    subprocess.run(['tmux', '-S', sock, 'send-keys', 'q'], check=True)
    deadline = time.monotonic() + 20
    run = off = None
    while time.monotonic() < deadline and not off:
        time.sleep(0.1)
        with open(trace) as f:
            for line in f:
                run = run or re.match(r'(\S+) mic running (.*)', line)
                off = off or re.match(r'(\S+) mic off frames=(\d+) '
                                      r'xruns=(\d+)', line)
    subprocess.run(['tmux', '-S', sock, 'kill-server'], capture_output=True)
    if not (run and off):
        sys.exit('bench/mic.py: no trace of the run in %s' % trace)
    elapsed = float(off.group(1)) - float(run.group(1))
    frames = int(off.group(2))
    print('granted: %s' % run.group(2))
    print('mic path on file devices: %d frames in %.2f s: %.0f frames/s, '
          '%.0fx real time at %d Hz, %.0f ns a frame, xruns %s'
          % (frames, elapsed, frames / elapsed, frames / elapsed / RATE, RATE,
             elapsed * 1e9 / frames, off.group(3)))
    return frames / elapsed, run.group(2)


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else 'build'
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 3
    measure(build, seconds)


if __name__ == '__main__':
    main()
