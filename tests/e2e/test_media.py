#!/usr/bin/env python3
"""End to end: media as people have them, not only as the other tests make
them.  Phone video stored rotated (with square and anamorphic pixels, in
every colour mode), streams that cannot seek (HTTP without Range, standard
input), an MPEG-TS with two programs, and listings that must give the same
bytes on every run, also on files cut short and on a busy machine."""
import http.server
import json
import os
import re
import shlex
import subprocess
import threading
import time

from tmux import Tmux
from tplaytest import (TPLAY, check, eq, ffmpeg, not_under_valgrind, path,
                       run, run_tests, sines, slow, tplay)

ENV = {'TERM': 'tmux-256color', 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8',
       'COLORTERM': 'truecolor'}

# Named colours of the quadrant clip, as RGB.
QUADRANTS = {'red': (255, 0, 0), 'green': (0, 255, 0), 'blue': (0, 0, 255),
             'white': (255, 255, 255)}


def quadrant_clip(rotate, sar):
    """A 2 s clip whose stored picture is red | green over blue | white,
    stored with rotation metadata (clockwise degrees as ffmpeg's rotate
    tag) and sample aspect sar, with one sine track."""
    base = ffmpeg('quad-sar%d.mp4' % sar, [
        '-f', 'lavfi', '-i',
        'color=red:size=96x54:rate=25:duration=2[a];'
        'color=lime:size=96x54:rate=25:duration=2[b];'
        'color=blue:size=96x54:rate=25:duration=2[c];'
        'color=white:size=96x54:rate=25:duration=2[d];'
        '[a][b]hstack[t];[c][d]hstack[u];[t][u]vstack,setsar=%d' % sar,
        '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2',
        '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25',
        '-pix_fmt', 'yuv420p', '-c:a', 'aac'])
    return ffmpeg('quad-rot%d-sar%d.mp4' % (rotate, sar), [
        '-i', base, '-c', 'copy', '-metadata:s:v:0', 'rotate=%d' % rotate])


def fresh_path(name):
    """path(name), with no file left there by an earlier run."""
    p = path(name)
    if os.path.exists(p):
        os.unlink(p)
    return p


def written(f, what, timeout=15):
    """What a shell wrote to f, once the whole line is there (the shell
    creates the file before it writes)."""
    deadline = time.monotonic() + slow(timeout)
    while not (os.path.exists(f) and open(f).read().endswith('\n')):
        check(time.monotonic() < deadline, what)
        time.sleep(0.05)
    return open(f).read().strip()


def nearest(rgb):
    return min(QUADRANTS, key=lambda n: sum((a - b) ** 2 for a, b in
                                            zip(QUADRANTS[n], rgb)))


def upright_quadrants(f):
    """What ffmpeg itself shows (it applies the rotation): the colour of
    each quadrant, [[top-left, top-right], [bottom-left, bottom-right]]."""
    r = run(['ffmpeg', '-nostdin', '-v', 'error', '-i', f, '-frames:v', '1',
             '-vf', 'scale=4:4:flags=area', '-f', 'rawvideo',
             '-pix_fmt', 'rgb24', '-'])
    d = r.stdout
    eq(len(d), 48, 'ffmpeg frame bytes')

    def at(x, y):
        return nearest(d[(y * 4 + x) * 3:(y * 4 + x) * 3 + 3])
    return [[at(0, 0), at(3, 0)], [at(0, 3), at(3, 3)]]


SGR = re.compile(r'\x1b\[([0-9;]*)m')


def picture_cells(screen):
    """The cells of a capture-pane -e screen drawn in 24-bit colour, as
    {(row, col): (fg, bg)}; a cell's colours are None where unset."""
    cells = {}
    for y, line in enumerate(screen.split('\n')):
        fg = bg = None
        x, i = 0, 0
        while i < len(line):
            m = SGR.match(line, i)
            if m:
                p = [int(v) if v else 0 for v in m.group(1).split(';')]
                k = 0
                while k < len(p):
                    if p[k] == 0:
                        fg = bg = None
                    elif p[k] in (38, 48) and k + 4 < len(p) and p[k + 1] == 2:
                        rgb = tuple(p[k + 2:k + 5])
                        if p[k] == 38:
                            fg = rgb
                        else:
                            bg = rgb
                        k += 4
                    elif p[k] == 39:
                        fg = None
                    elif p[k] == 49:
                        bg = None
                    k += 1
                i = m.end()
                continue
            if fg or bg:
                cells[(y, x)] = (fg, bg)
            x += 1
            i += 1
    return cells


def quadrants_shown(cells):
    """The dominant named colour of each quadrant of the picture's cells,
    laid out as upright_quadrants; and the picture's size in cells."""
    ys = [y for y, _ in cells]
    xs = [x for _, x in cells]
    y0, y1, x0, x1 = min(ys), max(ys), min(xs), max(xs)
    votes = [[{}, {}], [{}, {}]]
    for (y, x), colours in cells.items():
        qy = 0 if y - y0 < (y1 - y0 + 1) / 2 else 1
        qx = 0 if x - x0 < (x1 - x0 + 1) / 2 else 1
        for c in colours:
            if c:
                n = nearest(c)
                votes[qy][qx][n] = votes[qy][qx].get(n, 0) + 1
    return ([[max(v, key=v.get) for v in row] for row in votes],
            (x1 - x0 + 1, y1 - y0 + 1))


def play_to_end(name, f, extra='', width=120, height=40, env=ENV):
    """tplay f in tmux until it shows "ended", then q; returns the last
    screen with escapes, and checks the exit status is 0."""
    t = Tmux(name, width, height)
    status = fresh_path(name + '.status')
    try:
        t.start('%s --no-config --mpv-opt ao=null %s %s; echo $? > %s'
                % (shlex.quote(TPLAY), extra, shlex.quote(f),
                   shlex.quote(status)), env=env)
        s = t.wait_for(lambda s: 'ended' in s or os.path.exists(status),
                       'the end of %s' % os.path.basename(f), timeout=30)
        check(not os.path.exists(status),
              'tplay exited before the end: status %s; screen:\n%s'
              % (open(status).read().strip() if os.path.exists(status)
                 else '?', s))
        shown = t.screen(escapes=True)
        t.keys('q')
        eq(written(status, 'tplay did not quit on q'), '0', 'exit status')
        return shown
    finally:
        t.kill()


@not_under_valgrind('six clips played to their end; the rotation filter '
                    'is libavfilter code, the pixels valgrind sees are '
                    'test_video\'s')
def test_rotated_video_plays_upright_with_any_pixel_aspect():
    for rotate in (90, 180, 270):
        for sar in (1, 2):
            f = quadrant_clip(rotate, sar)
            want = upright_quadrants(f)
            shown = play_to_end('rot%d-%d' % (rotate, sar), f)
            got, (cols, rows) = quadrants_shown(picture_cells(shown))
            eq(got, want, 'quadrants of the picture, rotate=%d sar=%d'
               % (rotate, sar))
            # Stored 96x54 cells of pixels (sar 1) or 192x54 (sar 2); a
            # cell is about twice as tall as wide.
            wide = (cols / (2.0 * rows)) > 1
            eq(wide, rotate == 180, 'picture landscape (%d x %d cells), '
               'rotate=%d sar=%d' % (cols, rows, rotate, sar))


@not_under_valgrind('nine clips played to their end: the same code '
                    'paths as the test before')
def test_rotated_video_plays_in_every_colour_mode_and_size():
    f = quadrant_clip(90, 1)
    for mode in ('256', '16', 'truecolor'):
        conf = path('rot-%s.conf' % mode)
        with open(conf, 'w') as out:
            out.write('[video]\nmode = %s\n' % mode)
        for width, height in ((120, 40), (40, 12), (200, 60)):
            screen = play_to_end('rotmode-%s-%d' % (mode, width), f,
                                 extra='--config %s' % shlex.quote(conf),
                                 width=width, height=height)
            check('ended' in screen, 'played to the end in %s at %dx%d'
                  % (mode, width, height))


class NoRangeHandler(http.server.SimpleHTTPRequestHandler):
    """Python's own file server: no Range support, so nothing can seek."""

    def log_message(self, *args):
        pass

    def copyfile(self, source, outputfile):
        try:
            super().copyfile(source, outputfile)
        except (BrokenPipeError, ConnectionResetError):
            pass  # a reader that had enough (a listing) hangs up


def serve(folder):
    """An HTTP server for folder on a free loopback port, in a thread;
    returns (server, base URL)."""
    handler = lambda *a, **k: NoRangeHandler(*a, directory=folder, **k)
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, 'http://127.0.0.1:%d/' % srv.server_address[1]


def two_tracks():
    return ffmpeg('media-two.mkv', sines([440, 660], duration=8) + [
        '-c:a', 'libvorbis',
        '-metadata:s:a:0', 'language=eng', '-metadata:s:a:1', 'language=fra',
        '-disposition:v:0', 'default', '-disposition:a:0', 'default',
        '-disposition:a:1', '0'])


def wait_playing_past(t, seconds, what):
    return t.wait_for(lambda s: re.search(r'playing 00:(\d\d)', s) and
                      int(re.search(r'playing 00:(\d\d)', s).group(1))
                      >= seconds, what, timeout=30)


def test_http_stream_without_range_plays_and_mixes():
    f = two_tracks()
    srv, base = serve(os.path.dirname(f))
    t = Tmux('http', 120, 40)
    try:
        t.start('%s --no-config --mpv-opt ao=null %s'
                % (shlex.quote(TPLAY), base + os.path.basename(f)), env=ENV)
        wait_playing_past(t, 1, 'the stream playing')
        t.keys('2')
        s = t.wait_for(lambda s: 'mix 1+2' in s, 'both tracks mixed')
        check('Cannot seek' not in s, 'no refresh seek:\n' + s)
        wait_playing_past(t, 3, 'the stream playing on after the toggle')
    finally:
        t.kill()
        srv.shutdown()


def listing_without_file(out):
    """The listing's JSON with the "file" member left out."""
    return re.sub(r'^\{"file":"(?:[^"\\]|\\.)*",', '{', out.decode())


def test_a_url_lists_as_the_same_file_does():
    f = two_tracks()
    ts = ts_two_programs()
    srv, base = serve(os.path.dirname(f))
    try:
        for name in (f, ts):
            local = tplay('--no-config', '--list-tracks', name)
            remote = tplay('--no-config', '--list-tracks',
                           base + os.path.basename(name))
            eq(remote.returncode, 0, 'status for the URL: %s'
               % remote.stderr.decode())
            eq(listing_without_file(remote.stdout),
               listing_without_file(local.stdout),
               'listing of %s as a URL' % os.path.basename(name))
    finally:
        srv.shutdown()


def test_standard_input_plays_with_keys_from_the_terminal():
    f = two_tracks()
    t = Tmux('stdin', 120, 40)
    status = fresh_path('stdin.status')
    try:
        t.start('cat %s | %s --no-config --mpv-opt ao=null -; echo $? > %s'
                % (shlex.quote(f), shlex.quote(TPLAY), shlex.quote(status)),
                env=ENV)
        wait_playing_past(t, 1, 'standard input playing')
        t.keys('2')
        t.wait_for(lambda s: 'mix 1+2' in s, 'a key toggled track 2')
        t.keys('q')
        eq(written(status, 'tplay did not quit on q'), '0', 'exit status')
    finally:
        t.kill()


def test_standard_input_that_is_the_terminal_is_refused():
    t = Tmux('stdin-tty', 100, 10)
    try:
        t.start('%s --no-config -; echo "status $?"; sleep 60'
                % shlex.quote(TPLAY),
                env=ENV)
        s = t.wait_for(lambda s: 'status ' in s, 'tplay to exit')
        check('status 1' in s and 'standard input is the terminal' in s,
              'a clear refusal:\n' + s)
    finally:
        t.kill()


@not_under_valgrind('tplay dies by the signal, as it should: valgrind '
                    'then counts all it held as leaked')
def test_a_quit_signal_while_a_source_sends_nothing_ends_tplay():
    # A pipe that never sends: tplay waits for its first bytes, before any
    # loop that could see a signal.  INT, TERM and HUP must still end it.
    for name, signo in (('INT', 2), ('TERM', 15), ('HUP', 1)):
        t = Tmux('mute-%s' % name, 100, 10)
        pid = path('mute-%s.pid' % name)
        if os.path.exists(pid):
            os.unlink(pid)
        try:
            # bash's process substitution: the shell does not wait for the
            # silent writer, as it would for a pipeline's.
            inner = ("sh -c 'echo $$ > %s; exec %s --no-config -' "
                     "< <(sleep 600); echo \"status $?\"; sleep 60"
                     % (shlex.quote(pid), shlex.quote(TPLAY)))
            t.start('bash -c %s' % shlex.quote(inner), env=ENV)
            target = int(written(pid, 'tplay never started'))
            deadline = time.monotonic() + slow(15)
            while os.readlink('/proc/%d/fd/0' % target).startswith('pipe:'):
                check(time.monotonic() < deadline, 'stdin never moved')
                time.sleep(0.05)
            os.kill(target, signo)
            s = t.wait_for(lambda s: 'status ' in s, 'tplay to end on SIG%s'
                           % name)
            check('status %d' % (128 + signo) in s,
                  'ended by SIG%s:\n%s' % (name, s))
        finally:
            t.kill()


def test_standard_input_lists_as_the_same_file_does():
    for f in (two_tracks(), ts_two_programs()):
        # Through a pipe, so nothing can seek: cat, not a redirection.
        r = run(['sh', '-c', 'cat %s | %s --no-config --list-tracks - %s'
                 % (shlex.quote(f), shlex.quote(TPLAY), shlex.quote(f))],
                timeout=slow(60))
        eq(r.returncode, 0, 'status: %s' % r.stderr.decode())
        piped, named = r.stdout.splitlines()
        check(piped.startswith(b'{"file":"-",'), piped)
        eq(listing_without_file(piped), listing_without_file(named),
           'listing of %s from standard input' % os.path.basename(f))


def ts_two_programs():
    return ffmpeg('two-programs.ts', [
        '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=2',
        '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2',
        '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=2',
        '-f', 'lavfi', '-i', 'sine=frequency=660:duration=2',
        '-map', '0:v', '-map', '1:a', '-map', '2:v', '-map', '3:a',
        '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-c:a', 'mp2',
        '-metadata:s:a:0', 'language=eng', '-metadata:s:a:1', 'language=fra',
        '-program', 'title=One:st=0:st=1', '-program', 'title=Two:st=2:st=3',
        '-f', 'mpegts'])


def test_every_program_of_a_ts_is_listed_with_its_kind():
    r = tplay('--no-config', '--list-tracks', ts_two_programs())
    eq(r.returncode, 0, 'status')
    out = r.stdout.decode()
    check('{"id":"257","kind":"main","label":"","language":"en"' in out,
          'program one: ' + out)
    check('{"id":"259","kind":"translation","label":"","language":"fr"'
          in out, 'program two: ' + out)


def cut_files():
    """A Matroska file cut at its first Cluster, just before it, and in
    the middle of its Tracks."""
    f = ffmpeg('media-cut-source.mkv', sines([440, 660, 880], duration=2) + [
        '-c:a', 'libvorbis', '-metadata:s:a:1', 'language=fra'])
    data = open(f, 'rb').read()
    cluster = data.index(b'\x1f\x43\xb6\x75')
    tracks = data.index(b'\x16\x54\xae\x6b')
    out = []
    for name, size in (('at-cluster', cluster), ('before-cluster', cluster - 3),
                       ('in-tracks', tracks + 40)):
        p = path('cut-%s.mkv' % name)
        with open(p, 'wb') as dst:
            dst.write(data[:size])
        out.append(p)
    return out


def busy(n):
    """n processes that keep a core busy each, until killed."""
    return [subprocess.Popen(['sh', '-c', 'while :; do :; done'])
            for _ in range(n)]


@not_under_valgrind('twelve listings of five files with both cores busy: '
                    'the listings\' code runs under valgrind in the tests '
                    'before')
def test_listing_gives_the_same_bytes_every_run_under_load():
    files = cut_files() + [two_tracks(), ts_two_programs()]
    load = busy(2)
    try:
        first = None
        for i in range(12):
            r = tplay('--no-config', '--list-tracks', *files)
            got = (r.returncode, r.stdout, r.stderr)
            if first is None:
                first = got
                # Cut at or before the Cluster: the tracks are all there.
                lines = r.stdout.decode().splitlines()
                check(len(lines) >= 2 and
                      all(len(json.loads(line)['audioTracks']) == 3
                          for line in lines[:2]),
                      'the cut files list their three tracks:\n%s\n%s'
                      % (r.stdout.decode(), r.stderr.decode()))
            eq(got, first, 'listing run %d against run 1' % (i + 1))
    finally:
        for p in load:
            p.kill()
            p.wait()


def red_then_blue():
    """8 s: red for 4, then blue for 4; one sine track."""
    return ffmpeg('red-then-blue.mkv', [
        '-f', 'lavfi', '-i',
        'color=red:size=96x54:rate=25:duration=4[a];'
        'color=blue:size=96x54:rate=25:duration=4[b];[a][b]concat=n=2',
        '-f', 'lavfi', '-i', 'sine=frequency=440:duration=8',
        '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25',
        '-pix_fmt', 'yuv420p', '-c:a', 'libvorbis'])


def picture_colour(t):
    """The named colour most of the picture's cells show now.  -N: a
    one-colour picture is half-block blanks in a bg, which capture-pane
    otherwise leaves out at the end of each row."""
    votes = {}
    for colours in picture_cells(t.cmd('capture-pane', '-p', '-e',
                                       '-N')).values():
        for c in colours:
            if c:
                votes[nearest(c)] = votes.get(nearest(c), 0) + 1
    return max(votes, key=votes.get) if votes else None


def test_the_end_shows_the_last_frame_and_space_plays_again():
    t = Tmux('end', 80, 24)
    try:
        t.start('%s --no-config --mpv-opt ao=null %s'
                % (shlex.quote(TPLAY), shlex.quote(red_then_blue())), env=ENV)
        t.wait_for(lambda s: 'playing' in s and picture_colour(t) == 'red',
                   'the red start playing')
        t.keys('Up')  # 60 s on: past the end
        t.wait_for(lambda s: 'ended' in s and picture_colour(t) == 'blue',
                   'the last (blue) frame at the end')
        t.keys('Space')
        t.wait_for(lambda s: 'playing 00:0' in s and
                   picture_colour(t) == 'red', 'playing again from the start')
    finally:
        t.kill()


def test_audio_only_with_no_audio_output_says_it_cannot_play():
    tone = ffmpeg('media-tone.ogg', ['-f', 'lavfi', '-i',
                                     'sine=frequency=440:duration=20',
                                     '-c:a', 'libvorbis'])
    t = Tmux('cannot-play', 120, 24)
    status = fresh_path('cannot-play.status')
    try:
        # An ALSA device that exists nowhere: no output opens, anywhere.
        t.start('%s --no-config --mpv-opt ao=alsa --mpv-opt '
                'audio-device=alsa/tplay-no-such-device %s; echo $? > %s; '
                'sleep 60' % (shlex.quote(TPLAY), shlex.quote(tone),
                              shlex.quote(status)), env=ENV)
        s = t.wait_for(lambda s: 'cannot play' in s and 'no sound' in s,
                       'the status saying it cannot play')
        check('ended' not in s, 'not "ended":\n' + s)
        t.keys('q')
        written(status, 'tplay did not quit on q')
        # The whole history, wrapped lines joined.
        s = t.cmd('capture-pane', '-p', '-J', '-S', '-')
        check('tplay: no sound: the audio output' in s,
              'the reason repeated on exit:\n' + s)
    finally:
        t.kill()


run_tests(globals())
