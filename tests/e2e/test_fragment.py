#!/usr/bin/env python3
"""End to end: media fragments after a file's name (W3C Media Fragments
1.0).  FILE#t=2,5 plays 2 s to 5 s of it, as heard, then the next file;
FILE#track=3 enables id 3 alone, in the player and in --list-tracks,
over the tracks resume kept; a range leaves resume alone; a playlist's
entries carry fragments too; FILE#t=x is a usage error that
names the part; a file really named with a '#' plays as itself."""
import json
import os
import shlex
import shutil

from pacer import Pacer
from tmux import Tmux
from tplaytest import (TPLAY, check, eq, ffmpeg, marks, path, run_tests, tplay)

ENV = {'TERM': 'tmux-256color', 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8'}
# The first track's sine says when in the file it is: 400 Hz before 2 s,
# 600 Hz from 2 s to 5 s, 900 Hz after; the second track is 1200 Hz
# throughout; the next file 1500 Hz.  Whole cycles in a 10 ms stretch.
BEFORE, RANGE, AFTER, SECOND, NEXT = 400, 600, 900, 1200, 1500
FREQS = [BEFORE, RANGE, AFTER, SECOND, NEXT]
STRETCH = 0.01  # seconds: what the pacer hears at a time


def timed():
    """8 s: video, the time-telling track (ids 2 and 3 in Matroska, as
    --list-tracks prints them: the video is 1), the first the default."""
    sweep = ('aevalsrc=exprs=0.5*sin(2*PI*if(lt(t\\,2)\\,%d\\,if(lt(t\\,5)'
             '\\,%d\\,%d))*t):s=48000:d=8' % (BEFORE, RANGE, AFTER))
    return ffmpeg('timed.mkv', [
        '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=8',
        '-f', 'lavfi', '-i', sweep,
        '-f', 'lavfi', '-i',
        'sine=frequency=%d:sample_rate=48000:duration=8' % SECOND,
        '-map', '0:v', '-map', '1:a', '-map', '2:a',
        '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25',
        '-pix_fmt', 'yuv420p', '-c:a', 'libopus',
        '-disposition:a:0', 'default', '-disposition:a:1', '0'])


def following():
    return ffmpeg('next.mkv', [
        '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=30',
        '-f', 'lavfi', '-i',
        'sine=frequency=%d:sample_rate=48000:duration=30' % NEXT,
        '-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-preset',
        'ultrafast', '-g', '25', '-pix_fmt', 'yuv420p', '-c:a', 'libopus'])


class Run:
    def __init__(self, name, files, extra=('--no-resume',), state=None):
        self.pacer = Pacer(path(name + '.fifo'), FREQS)
        self.t = Tmux(name, 120, 40)
        args = [TPLAY, '--no-config'] + self.pacer.mpv_opts() + list(extra)
        cmd = ' '.join(shlex.quote(a) for a in args + list(files))
        env = dict(ENV, XDG_CONFIG_HOME=path(name + '.config'),
                   XDG_STATE_HOME=state or path(name + '.state'))
        self.t.start(cmd + '; echo "exit $?"; sleep 60', env=env)

    def stretches(self, freq):
        """How many stretches heard so far hold freq."""
        return sum(1 for _, p, _ in self.pacer.since(0) if freq in p)

    def close(self):
        self.t.kill()
        self.pacer.close()


def listed(*args):
    r = tplay('--no-config', '--list-tracks', *args)
    eq(r.returncode, 0, 'exit status of --list-tracks (%s)' % r.stderr)
    return [json.loads(l) for l in r.stdout.decode().splitlines()]


def enabled_ids(entry):
    return [t['id'] for t in entry['audioTracks'] if t['enabled']]


def check_range_heard(r, start_freq, seconds, what):
    """The range was heard for seconds (±0.2), from its start: none of
    what comes before it in the file, none of what comes after."""
    n = r.stretches(start_freq)
    if os.environ.get('TPLAY_VERBOSE'):
        print('%s: %.2f s heard' % (what, n * STRETCH))
    check(abs(n * STRETCH - seconds) <= 0.2,
          '%s: heard %.2f s of the range, want %.1f s' % (what, n * STRETCH,
                                                          seconds))
    # A stretch across the click where the sweep changes may read as
    # either side's sine: one, not more.
    check(r.stretches(BEFORE) <= 1,
          '%s: %d stretches from before the start heard'
          % (what, r.stretches(BEFORE)))
    check(r.stretches(AFTER) <= 1,
          '%s: %d stretches from after the end heard'
          % (what, r.stretches(AFTER)))


def test_t_plays_the_range_then_the_next_file():
    r = Run('range', [timed() + '#t=2,5', following()])
    try:
        r.t.wait_for(lambda s: 'playing' in s and '1/2' in s, 'the range')
        r.pacer.wait_heard({NEXT}, timeout=20)
        r.t.wait_for(lambda s: '2/2' in s, 'the next file')
        check_range_heard(r, RANGE, 3.0, 'timed.mkv#t=2,5')
        r.t.keys('q')
        r.t.wait_for(lambda s: 'exit 0' in s, 'quit')
    finally:
        r.close()


def test_t_alone_ends_at_the_range_end_in_npt_clock_form():
    r = Run('clock', [timed() + '#t=npt:0:00:02.5,0:00:04'])
    try:
        s = r.t.wait_for(lambda s: 'ended' in s, 'the end of the range',
                         timeout=20)
        check('00:04' in s or '00:03' in s, 'ended at 4 s:\n%s' % s)
        # Heard to the end: libmpv has written the range's sound by the
        # time it says ended; the pacer may still be a stretch behind.
        r.pacer.wait_stretches(0, int(1.3 / STRETCH))
        n = r.stretches(RANGE)
        check(abs(n * STRETCH - 1.5) <= 0.2,
              'heard %.2f s of 2.5 s to 4 s' % (n * STRETCH))
        check(r.stretches(BEFORE) <= 1 and r.stretches(AFTER) <= 1,
              'only the range heard')
        r.t.keys('q')
        r.t.wait_for(lambda s: 'exit 0' in s, 'quit')
    finally:
        r.close()


def test_a_range_leaves_the_resume_state_alone():
    r = Run('keep', [timed() + '#t=2,5'], extra=())
    try:
        r.pacer.wait_heard({RANGE})
        r.t.keys('q')
        r.t.wait_for(lambda s: 'exit 0' in s, 'quit')
    finally:
        r.close()
    state = os.path.join(path('keep.state'), 'tplay', 'resume')
    kept = open(state, 'rb').read() if os.path.exists(state) else b''
    check(b'timed.mkv' not in kept,
          'a position in the range was kept for the whole file: %r' % kept)
    # The same quit without a range keeps it: the check above can fail.
    # Another tmux server: the first one's may still be on its way out.
    r = Run('keep2', [timed()], extra=(), state=path('keep.state'))
    try:
        r.pacer.wait_heard({RANGE}, timeout=15)
        r.t.keys('q')
        r.t.wait_for(lambda s: 'exit 0' in s, 'quit')
    finally:
        r.close()
    check(b'timed.mkv' in open(state, 'rb').read(), 'the whole file kept')


def test_track_enables_exactly_that_id():
    f = timed()
    ids = [t['id'] for t in listed(f)[0]['audioTracks']]
    eq(ids, ['2', '3'], 'the ids --list-tracks prints')
    eq(enabled_ids(listed(f)[0]), ['2'], 'enabled without a fragment')
    got = listed(f + '#track=3', f + '#track=2&track=3', f + '#t=1&track=3')
    eq([enabled_ids(e) for e in got], [['3'], ['2', '3'], ['3']],
       '--list-tracks with #track=')
    r = Run('track', [f + '#track=3'])
    try:
        r.pacer.wait_heard({SECOND})
        s = r.t.wait_for(lambda s: marks(s) == '-x', 'track 3 alone marked')
        check('playing' in s, 'playing:\n%s' % s)
        r.t.keys('q')
        r.t.wait_for(lambda s: 'exit 0' in s, 'quit')
    finally:
        r.close()


def test_track_comes_before_the_tracks_resume_kept():
    f = timed()
    r = Run('over', [f], extra=(), state=path('over.state'))
    try:
        r.pacer.wait_heard({BEFORE})
        r.t.keys('2', '1')  # track 2 (id 3) alone: kept on quit
        r.pacer.wait_heard({SECOND})
        r.t.wait_for(lambda s: marks(s) == '-x', 'track 2 alone marked')
        r.t.keys('q')
        r.t.wait_for(lambda s: 'exit 0' in s, 'quit')
    finally:
        r.close()
    # Another tmux server: the first one's may still be on its way out.
    r = Run('over2', [f + '#track=2'], extra=(), state=path('over.state'))
    try:
        s = r.t.wait_for(lambda s: 'resumed at' in s, 'resumed there')
        r.pacer.wait_heard({RANGE}, timeout=15)  # the sweep, not track 3
        s = r.t.wait_for(lambda s: marks(s) == 'x-', 'id 2 alone marked')
        r.t.keys('q')
        r.t.wait_for(lambda s: 'exit 0' in s, 'quit')
    finally:
        r.close()


def test_playlist_entries_carry_fragments():
    d = path('m3u')
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    shutil.copy(timed(), os.path.join(d, 'timed.mkv'))
    shutil.copy(following(), os.path.join(d, 'next.mkv'))
    pl = os.path.join(d, 'list.m3u')
    with open(pl, 'w') as fp:
        fp.write('timed.mkv#t=y\ntimed.mkv#t=1,2&track=English%20no\n'
                 'timed.mkv#t=,1&track=3\nnext.mkv\n')
    r = Run('m3u', [pl])
    try:
        r.pacer.wait_heard({NEXT}, timeout=20)
        n = r.stretches(SECOND)
        # Entry 2's track names nothing: the preferences chose (the
        # sweep, 1 s of 400 Hz); entry 3 is 0 s to 1 s of track 3.
        check(abs(n * STRETCH - 1.0) <= 0.2,
              'heard %.2f s of track 3, want 1 s' % (n * STRETCH))
        check(r.stretches(RANGE) <= 1 and r.stretches(AFTER) <= 1,
              'only 0 s to 2 s of the sweep heard')
        r.t.keys('L')
        s = r.t.wait_for(lambda s: 'Messages' in s, 'the history')
        check('list.m3u:1' in s and '"t=y"' in s,
              'the bad entry is named:\n%s' % s)
        check('track=English no' in s, 'the missing track is named:\n%s' % s)
        r.t.keys('q', 'q')
        r.t.wait_for(lambda s: 'exit 0' in s, 'quit')
    finally:
        r.close()


def test_a_malformed_fragment_is_a_usage_error():
    f = timed()
    for frag, part in (('#t=x', '"t=x"'), ('#t=5,2', '"t=5,2"'),
                       ('#track=', '"track="'), ('#t=1&track=%zz',
                                                 '"track=%zz"')):
        for mode in ((), ('--list-tracks',)):
            r = tplay('--no-config', *mode, f + frag)
            eq(r.returncode, 2, 'exit status for %s %s' % (mode, frag))
            err = r.stderr.decode()
            check(part in err and 'timed.mkv' in err,
                  'the message names %s: %s' % (part, err))
            eq(r.stdout, b'', 'nothing listed')


def test_a_file_really_named_with_a_hash_is_itself():
    lit = path('lit.mkv#t=2,5&track=3')
    shutil.copy(timed(), lit)
    eq(enabled_ids(listed(lit)[0]), ['2'], 'the literal file listed as itself')
    r = Run('literal', [lit])
    try:
        r.pacer.wait_heard({BEFORE})  # from 0 s, the first track
        r.pacer.wait_heard({AFTER}, timeout=15)  # on past 5 s
        r.t.keys('q')
        r.t.wait_for(lambda s: 'exit 0' in s, 'quit')
    finally:
        r.close()


if __name__ == '__main__':
    run_tests(globals())
