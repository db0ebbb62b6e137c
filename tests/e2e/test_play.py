#!/usr/bin/env python3
"""End to end: playing for real.  tplay runs in tmux; its sound goes to a
FIFO read at real-time pace (tests/e2e/pacer.py), so each key is followed
by what is then heard.  The clip's tracks are distinct sines, so a Goertzel
filter tells exactly which tracks are in the mix."""
import os
import re
import shlex
import time

from pacer import Pacer
from tmux import Tmux
from tplaytest import (TPLAY, check, eq, ffmpeg, not_under_valgrind, path,
                       run_tests)

ENV = {'TERM': 'tmux-256color', 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8',
       'COLORTERM': 'truecolor'}
A, B, C = 400, 600, 900  # whole cycles in a 10 ms stretch


def clip(name='play.mkv', duration=60, gop=25, size='160x90',
         picture='testsrc2'):
    """Three tracks, sines A, B, C at 0.875 full scale (three together
    would clip without the limiter); track 1 is the default.  picture:
    an ffmpeg lavfi source with its own options, if any, ending in ':'."""
    args = ['-f', 'lavfi', '-i',
            '%s%ssize=%s:rate=25:duration=%d'
            % (picture, '' if picture.endswith(':') else '=', size, duration)]
    for f in (A, B, C):
        args += ['-f', 'lavfi', '-i',
                 'sine=frequency=%d:sample_rate=48000:duration=%d,volume=7'
                 % (f, duration)]
    return ffmpeg(name, args + [
        '-map', '0:v', '-map', '1:a', '-map', '2:a', '-map', '3:a',
        '-c:v', 'libx264', '-preset', 'ultrafast', '-g', str(gop),
        '-pix_fmt', 'yuv420p', '-c:a', 'libopus', '-b:a', '96k',
        '-metadata:s:a:0', 'language=eng', '-metadata:s:a:0', 'title=Main',
        '-metadata:s:a:1', 'language=fra', '-metadata:s:a:1', 'title=Dub',
        '-metadata:s:a:2', 'language=eng',
        '-metadata:s:a:2', 'title=Commentary',
        '-disposition:v:0', 'default', '-disposition:a:0', 'default',
        '-disposition:a:1', '0', '-disposition:a:2', 'comment'])


class Session:
    """tplay on a clip in tmux, heard through a Pacer, traced."""

    def __init__(self, name, f, width=120, height=40, extra=()):
        self.name = name
        self.pacer = Pacer(path(name + '.fifo'), [A, B, C])
        self.trace = path(name + '.trace')
        self.t = Tmux(name, width, height)
        args = [TPLAY, '--no-config'] + self.pacer.mpv_opts() + list(extra)
        cmd = ' '.join(shlex.quote(a) for a in args + [f])
        env = dict(ENV, TPLAY_TRACE=self.trace)
        self.t.start(cmd + '; echo "exit $?"; sleep 60', env=env)

    def screen(self, pred, what, timeout=15):
        return self.t.wait_for(pred, what, timeout)

    def keys(self, *k):
        self.t.keys(*k)

    def rows(self):
        return [l for l in self.t.screen().splitlines()
                if l.startswith(('[x]', '[ ]'))]

    def marks(self):
        return ''.join('x' if r.startswith('[x]') else '-' for r in self.rows())

    def trace_lines(self, word):
        if not os.path.exists(self.trace):
            return []
        return [l.split() for l in open(self.trace) if l.split()[1:2] == [word]]

    def close(self):
        self.t.kill()
        self.pacer.close()


def wait_marks(s, want):
    s.screen(lambda _: s.marks() == want, 'track marks %s' % want)


def test_keys_toggle_and_mix_what_is_heard():
    s = Session('toggle', clip())
    try:
        s.screen(lambda x: 'playing' in x, 'playing')
        s.pacer.wait_heard({A})
        steps = [('2', 'xx-', {A, B}), ('3', 'xxx', {A, B, C}),
                 ('1', '-xx', {B, C}), ('2', '--x', {C}),
                 ('3', '---', set()), ('1', 'x--', {A})]
        for key, marks, heard in steps:
            s.keys(key)
            wait_marks(s, marks)
            s.pacer.wait_heard(heard)
        # t toggles the selected row; Tab / Shift+Tab move it.
        s.keys('Tab', 't')
        wait_marks(s, 'xx-')
        s.pacer.wait_heard({A, B})
        s.keys('Tab', 't')
        wait_marks(s, 'xxx')
        s.pacer.wait_heard({A, B, C})
        # a: the selected track (3) alone; Shift+Tab then a: track 2 alone.
        s.keys('a')
        wait_marks(s, '--x')
        s.pacer.wait_heard({C})
        s.keys('BTab', 'a')
        wait_marks(s, '-x-')
        s.pacer.wait_heard({B})
        # "#" cycles like mpv: the next track alone, then none, then 1.
        for marks, heard in (('--x', {C}), ('---', set()), ('x--', {A})):
            s.keys('#')
            wait_marks(s, marks)
            s.pacer.wait_heard(heard)
        # No toggle ever seeked: the only restarts are the start's own.
        starts = len(s.trace_lines('restart'))
        check(starts <= 2, 'toggles restarted playback %d times' % starts)
        eq(len(s.trace_lines('toggle')), 13, 'toggles traced')
    finally:
        s.close()


@not_under_valgrind('it needs a second of the mix heard within a second '
                    'of real time; valgrind plays it too slowly')
def test_three_full_scale_tracks_mixed_never_clip():
    s = Session('clip', clip())
    try:
        s.screen(lambda x: 'playing' in x, 'playing')
        # Half a second of one track, then a second of all three: counted
        # in stretches heard (sleeping for them instead heard fewer on a
        # busy machine, where the pacer falls behind).
        t = s.pacer.wait_heard({A})
        one = max(p for when, present, p in s.pacer.wait_stretches(t, 50))
        s.keys('2', '3')
        t = s.pacer.wait_heard({A, B, C})
        peaks = [p for when, present, p in s.pacer.wait_stretches(t, 100)]
        check(max(peaks) <= 1.0, 'mix clipped: peak %.3f' % max(peaks))
        # Mixed at full level, not divided by three: louder than one track
        # (mono is spread to stereo at -3 dB, so the limit reads 0.707).
        check(max(peaks) > one * 1.05, 'mix %.3f not above one track %.3f'
              % (max(peaks), one))
    finally:
        s.close()


@not_under_valgrind('it compares the frames drawn while four toggles are '
                    'made 0.3 s apart with those drawn just before; '
                    'valgrind draws too few for either')
def test_position_goes_on_across_toggles():
    # Long GOP (10 s): a graph rebuild would jump to the next keyframe.
    s = Session('position', clip('play-gop.mkv', gop=250))
    try:
        s.screen(lambda x: 'playing 00:02' in x, 'two seconds in')
        for k in '2', '3', '1', '2':
            s.keys(k)
            time.sleep(0.3)
        s.pacer.wait_heard({C})
        toggles = s.trace_lines('toggle')
        pos = [float(l[-1].split('=')[1]) for l in toggles]
        eq(len(pos), 4, 'toggles traced')
        check(all(b >= a for a, b in zip(pos, pos[1:])),
              'position went back: %s' % pos)
        # tplay's own clock, not the test's sleeps: the position moves as
        # much as the time between the first toggle and the last, and a
        # rebuild's jump to the next keyframe (up to 10 s) shows.
        t0, t1 = float(toggles[0][0]), float(toggles[-1][0])
        check(pos[-1] - pos[0] < (t1 - t0) + 2,
              'position jumped: %s in %.2f s' % (pos, t1 - t0))
        check(len(s.trace_lines('restart')) <= 2, 'a toggle seeked')
        # Frames kept coming during the toggles and half a second after:
        # drawn at no less than a quarter of the rate of the two seconds
        # before them (a count in a fixed window measured the machine).
        end = t1 + 0.5
        s.screen(lambda _: any(float(l[0]) > end
                               for l in s.trace_lines('frame')),
                 'a picture after the toggles')
        frames = [float(l[0]) for l in s.trace_lines('frame')]
        before = len([t for t in frames if t0 - 2 <= t < t0]) / 2
        during = len([t for t in frames if t0 <= t <= end]) / (end - t0)
        check(before > 0 and during >= before / 4,
              'no picture while toggling: %.1f frames/s, %.1f before'
              % (during, before))
    finally:
        s.close()


def status_time(screen):
    m = re.search(r'(playing|paused|ended) +(\d\d):(\d\d) /', screen)
    return int(m.group(2)) * 60 + int(m.group(3)) if m else -1


def test_transport_keys_and_the_mix_survives_seeks():
    s = Session('transport', clip())
    try:
        s.screen(lambda x: 'playing' in x, 'playing')
        s.keys('2')
        s.keys('1')
        s.pacer.wait_heard({B})
        s.keys('Space')
        x = s.screen(lambda x: 'paused' in x, 'paused')
        p = status_time(x)
        s.keys('Right')
        s.screen(lambda x: status_time(x) >= p + 4, 'seek +5 s')
        s.keys('Up')
        s.screen(lambda x: status_time(x) >= p + 60 - 1 or 'ended' in x,
                 'seek +60 s')
        s.keys('Home')
        s.screen(lambda x: 0 <= status_time(x) <= 1, 'back to the start')
        s.keys('p')
        s.screen(lambda x: 'playing' in x, 'playing again')
        s.keys('Right', 'Right')
        s.screen(lambda x: status_time(x) >= 9, 'seek +10 s')
        # libmpv rebuilt its graph at each seek; the mix is still B alone
        s.pacer.wait_heard({B})
        s.keys('Left')
        s.pacer.wait_heard({B})
        s.keys('3')
        s.pacer.wait_heard({B, C})
    finally:
        s.close()


def test_volume_mute_and_help():
    s = Session('volume', clip())
    try:
        s.screen(lambda x: 'vol 100%' in x, 'volume shown')
        s.keys('0')
        s.screen(lambda x: 'vol 102%' in x, 'volume up')
        s.keys('9', '9')
        s.screen(lambda x: 'vol 98%' in x, 'volume down')
        s.keys('+')
        s.screen(lambda x: 'vol 100%' in x, '+ is up')
        s.keys('m')
        s.screen(lambda x: '(muted)' in x, 'muted')
        s.pacer.wait_heard(set())
        s.keys('m')
        s.pacer.wait_heard({A})
        s.keys('?')
        # The box is drawn in one update, but tmux may show it half done:
        # wait for its last row.
        # Its first page (test_keys.py scrolls through all of it).
        words = ('tplay keys', 'Playback', 'play or pause', 'seek 5 s back',
                 'quit')
        s.screen(lambda x: all(k in x for k in words), 'the help, with %s'
                 % (words,))
        s.keys('x')
        s.screen(lambda x: 'tplay keys' not in x, 'help closed by a key')
        s.keys('q')
        x = s.screen(lambda x: re.search(r'exit \d+', x), 'quit')
        eq(re.search(r'exit (\d+)', x).group(1), '0', 'exit status')
    finally:
        s.close()


def test_audio_only_file_gives_the_room_to_the_tracks():
    f = ffmpeg('audio-only.mka', [
        '-f', 'lavfi', '-i', 'sine=frequency=400:duration=20',
        '-f', 'lavfi', '-i', 'sine=frequency=600:duration=20',
        '-map', '0:a', '-map', '1:a', '-c:a', 'libopus'])
    s = Session('audioonly', f, 80, 12)
    try:
        x = s.screen(lambda x: 'Audio tracks (2)' in x and 'playing' in x,
                     'screen')
        eq(x.splitlines()[0].startswith('Audio tracks (2)'), True,
           'panel at the top:\n' + x)
        s.pacer.wait_heard({A})
        s.keys('2')
        s.pacer.wait_heard({A, B})
    finally:
        s.close()


def test_a_missing_audio_output_leaves_the_film_playing_silent():
    f = clip('silent.mkv', duration=20)
    t = Tmux('noao', 100, 30)
    status = path('noao.status')
    t.start('%s --mpv-opt ao=alsa --mpv-opt audio-device=alsa/tplay-absent '
            '%s; echo $? > %s' % (shlex.quote(TPLAY), shlex.quote(f), status),
            env=ENV)
    try:
        def said(x):
            return 'audio-device=alsa/tplay-absent) would not open' in \
                x.replace('\n', ' ')
        x = t.wait_for(said, 'the message')
        check('--mpv-opt audio-device=' in x.replace('\n', ' '),
              'what to do:\n' + x)
        pos = re.search(r'playing (\d\d:\d\d)', x)
        check(pos, 'playing:\n' + x)
        t.wait_for(lambda y: re.search(r'playing (\d\d:\d\d)', y) and
                   re.search(r'playing (\d\d:\d\d)', y).group(1) >
                   pos.group(1), 'the film going on')
        t.keys('q')
        t.wait_var('pane_dead', '1')
        eq(open(status).read(), '0\n', 'exit status')
    finally:
        t.kill()


def test_picture_is_drawn_and_survives_resizes():
    s = Session('picture', clip(size='320x180'), 100, 40)
    try:
        s.screen(lambda x: 'playing' in x, 'playing')
        # testsrc2 has colour everywhere: the pane rows carry truecolour
        def painted(_):
            esc = s.t.screen(escapes=True).splitlines()
            return sum('48;2;' in l for l in esc[:20]) >= 10
        s.screen(painted, 'the picture in truecolour')
        for w, h in ((40, 10), (30, 8), (12, 4), (160, 50), (100, 40)):
            s.t.cmd('resize-window', '-x', str(w), '-y', str(h))
            x = s.screen(lambda x: 'Audio' in x and
                         max(len(l) for l in x.split('\n')) <= w,
                         'redraw at %dx%d' % (w, h))
            check(s.t.var('pane_dead') == '0', 'alive at %dx%d' % (w, h))
        s.screen(painted, 'the picture again at 100x40')
        # the picture never covers the panel or the status line
        x = s.screen(lambda x: 'Audio tracks (3)' in x and '? help' in x,
                     'panel and status')
        esc = s.t.screen(escapes=True).splitlines()
        rows = [i for i, l in enumerate(s.t.screen().splitlines())
                if l.startswith('Audio tracks')]
        check(rows and all('48;2;' not in l for l in esc[rows[0]:]),
              'picture bytes below the pane')
    finally:
        s.close()


if __name__ == '__main__':
    run_tests(globals())
