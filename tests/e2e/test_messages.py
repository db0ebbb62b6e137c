#!/usr/bin/env python3
"""End to end: what tplay says, and where.  Library chatter (alsa-lib,
PipeWire, SDL, libmpv's audio outputs) goes to the log from the very start
and never to the terminal; every message on the screen is in the log with
a timestamp; lists of problems are capped; a missing audio output leaves
a lasting "no sound" mark and is said again on exit; the status says what
the graph confirmed is heard; L shows the kept messages; a small screen
keeps the start of the newest message."""
import os
import re
import shlex
import time

from tplaytest import (TPLAY, check, eq, ffmpeg, not_under_valgrind, path,
                       run, run_tests, sines, slow)
from tmux import Tmux

ENV = {'TERM': 'tmux-256color', 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8'}
STAMP = r'\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} '
CHATTER = ('ALSA lib', 'pw.conf', 'pipewire', 'ao/', 'SDL')


def clip():
    return ffmpeg('messages.mkv', sines([440, 660], duration=30) +
                  ['-c:a', 'libopus', '-disposition:v:0', 'default',
                   '-disposition:a:0', 'default', '-disposition:a:1', '0'])


def fresh(name):
    """An empty folder for this test (a HOME, a state folder)."""
    d = path(name)
    if os.path.isdir(d):
        for root, dirs, files in os.walk(d, topdown=False):
            for f in files:
                os.unlink(os.path.join(root, f))
            for sub in dirs:
                os.rmdir(os.path.join(root, sub))
    os.makedirs(d, exist_ok=True)
    return d


def log_text(state):
    f = os.path.join(state, 'tplay', 'tplay.log')
    if not os.path.exists(f):
        return ''
    with open(f, 'rb') as src:
        return src.read().decode('utf-8', 'replace')


def status_line(screen):
    for line in screen.splitlines():
        if 'playing' in line or 'paused' in line:
            return line
    return ''


def whole(t):
    """The pane with its scrollback, for after tplay has exited."""
    return t.cmd('capture-pane', '-p', '-S', '-1000')


def start(name, args, width=100, height=30, env=None):
    """tplay ARGS in tmux, its exit status then DONE printed after it."""
    t = Tmux(name, width, height)
    t.start('%s; echo "exit $?"; echo DONE' % ' '.join(
        shlex.quote(a) for a in [TPLAY] + args), env=dict(ENV, **(env or {})))
    return t


def quit_and_wait(t):
    t.keys('q')
    return t.wait_for(lambda s: 'DONE' in s, 'tplay to exit', timeout=20)


def test_library_chatter_goes_to_the_log_and_no_sound_lasts():
    # This machine has no sound card: with an empty HOME (no .asoundrc)
    # every audio output libmpv tries fails, chattering on stderr.
    # The chatter comes while libmpv opens its audio output, which may be
    # before the screen is up or after: either way the terminal (its
    # normal screen, where lines printed before the screen are left) must
    # never show it.  (Before stderr went to the log from the start, it
    # showed whenever libmpv's output thread won that race.)
    home, state = fresh('nosound-home'), fresh('nosound-state')
    t = start('nosound', [clip()], env={
        'HOME': home, 'XDG_STATE_HOME': state, 'COLORTERM': 'truecolor'})
    try:
        t.wait_for(lambda s: 'ALSA lib' in s or 'ALSA lib' in log_text(state),
                   'alsa-lib to have spoken')
        s = t.wait_for(lambda s: 'no sound' in status_line(s),
                       'the "no sound" mark')
        # It lasts: still there once the message saying why has gone.
        s = t.wait_for(lambda s: 'would not open' not in s.replace('\n', ' ')
                       and 'playing' in s, 'the message to go', timeout=30)
        check('no sound' in status_line(s), 'the mark went:\n' + s)
        after = quit_and_wait(t)
        after = whole(t)
        check('exit 0' in after, 'exit status:\n' + after)
        for word in CHATTER:
            check(word not in after, '%r on the terminal:\n%s' % (word, after))
        said = after.replace('\n', '')
        check('tplay: no sound: the audio output (ao=auto, audio-device=auto) '
              'would not open' in said, 'the reason on exit:\n' + after)
        log = log_text(state)
        check('ALSA lib' in log, 'alsa-lib in the log:\n' + log)
        check(re.search('^' + STAMP + r'tplay: no sound: the audio output',
                        log, re.M), 'the message, timestamped, in the log')
        check(not re.search(r'[\x00-\x08\x0b-\x1f\x7f]', log),
              'a raw control byte in the log')
    finally:
        t.kill()


def test_alsa_lines_quoting_a_device_are_escaped_in_the_log():
    home, state = fresh('esc-home'), fresh('esc-state')
    t = start('escdev', ['--mpv-opt', 'ao=alsa', '--mpv-opt',
                         'audio-device=alsa/\x1b[31mtplay-bad\x07', clip()],
              env={'HOME': home, 'XDG_STATE_HOME': state})
    try:
        t.wait_for(lambda s: 'would not open' in s.replace('\n', ' '),
                   'the message')
        quit_and_wait(t)
        log = log_text(state)
        check('Unknown PCM \\x1b[31mtplay-bad\\x07' in log,
              "alsa-lib's line, escaped:\n" + log)
        check('\x1b' not in log and '\x07' not in log, 'raw bytes in the log')
        check('\x1b' not in whole(t), 'raw ESC on the terminal')
    finally:
        t.kill()


def test_every_message_is_in_the_log_capped_and_in_the_history():
    state = fresh('log-state')
    conf = os.path.join(fresh('log-conf'), 'tplay.conf')
    with open(conf, 'w') as out:
        out.write('[audio]\nlanguages = e_n\n[mpv]\n')
        for i in range(30):
            out.write('volume-max = loud%d\n' % i)
    t = start('logged', ['--config', conf, '--mpv-opt', 'ao=null', clip()],
              width=120, height=40, env={'XDG_STATE_HOME': state})
    try:
        t.wait_for(lambda s: 'playing' in s, 'playing')
        t.keys('L')
        s = t.wait_for(lambda s: 'Messages' in s and 'newest last' in s,
                       'the message history')
        check('[mpv]: 10 more problems not shown' in s,
              'the newest message in the history:\n' + s)
        t.keys('x')  # any key closes it
        t.wait_for(lambda s: 'newest last' not in s and
                   'Audio tracks' in s, 'the history closed')
        quit_and_wait(t)
        log = log_text(state)
        check(re.search('^' + STAMP + r'tplay: %s:2: languages: "e_n" is '
                        r'not a BCP 47' % re.escape(conf), log, re.M),
              'the config problem, timestamped, in the log:\n' + log)
        rejected = re.findall(r'\[mpv\] libmpv option volume-max=loud', log)
        eq(len(rejected), 20, '[mpv] problems in the log')
        check(re.search('^' + STAMP + r'tplay: \[mpv\]: 10 more problems not '
                        'shown$', log, re.M), 'the count of the rest')
    finally:
        t.kill()


def test_status_shows_the_set_the_graph_confirmed():
    t = start('confirmed', ['--no-config', '--mpv-opt', 'ao=null', clip()],
              width=120)
    try:
        # Playing for a second: the output's buffer is full, so once paused
        # no more sound goes through the graph (at the very start it may
        # still be filling, and the graph would answer).
        t.wait_for(lambda s: 'track 1' in status_line(s) and
                   re.search(r'playing 00:(0[1-9]|[1-2]\d)', s),
                   'track 1 heard for a second')
        t.keys('Space')
        t.wait_for(lambda s: 'paused' in status_line(s), 'paused')
        # Paused, the graph takes no command: track 2 is asked for, not
        # heard, and the status must say what is heard.
        t.keys('2')
        s = t.wait_for(lambda s: '[x] 2' in s, 'track 2 marked')
        eq(status_line(s).split('vol 100%')[1].split('?')[0].strip(),
           'track 1', 'what the status says is heard, paused')
        t.keys('Space')
        s = t.wait_for(lambda s: 'mix 1+2' in status_line(s),
                       'the mix, once the graph confirmed it')
        check('playing' in status_line(s), 'playing:\n' + s)
    finally:
        t.kill()


@not_under_valgrind('valgrind writes its logs under /tmp, which this test '
                    'makes read-only')
def test_status_says_when_the_mix_is_unavailable():
    # A real failure of the mixer: no folder for its socket can be made,
    # /tmp being read-only (a read-only root, as in some containers), in a
    # mount namespace of tplay's own.  That takes root.
    if os.geteuid() != 0 or run(['unshare', '-m', 'true']).returncode != 0:
        print('skip test_status_says_when_the_mix_is_unavailable (needs '
              'root and mount namespaces)')
        return
    t = Tmux('nomix', 120, 30)
    t.start("unshare -m sh -c 'mount --bind /tmp /tmp && "
            "mount -o remount,ro,bind /tmp && exec \"$0\" \"$@\"' %s; "
            "echo DONE" % ' '.join(shlex.quote(a) for a in [
                TPLAY, '--no-config', '--mpv-opt', 'ao=null', clip()]),
            env=dict(ENV, XDG_RUNTIME_DIR='/tmp', TMPDIR='/tmp'))
    try:
        s = t.wait_for(lambda s: 'playing' in status_line(s) and
                       'Read-only file system' in s, 'the reason')
        check('cannot create a private folder in /tmp (Read-only file '
              'system)' in ' '.join(s.split()), 'the reason:\n' + s)
        # libmpv plays its own track alone, and the status says so.
        t.wait_for(lambda s: 'track 1, mix unavailable' in status_line(s),
                   'the status')
        t.keys('2')  # asked for: not heard, and the status does not lie
        s = t.wait_for(lambda s: '[x] 2' in s, 'track 2 marked')
        check('track 1, mix unavailable' in status_line(s), 'the status:\n'
              + s)
    finally:
        t.kill()


def test_small_terminal_keeps_the_start_of_a_long_message():
    conf = os.path.join(fresh('small-conf'), 'tplay.conf')
    with open(conf, 'w') as out:
        out.write('[audio]\nlanguages = ' + 'x' * 90 + '_y\n')
    message = '%s:2: languages: "' % conf
    t = start('small', ['--config', conf, '--mpv-opt', 'ao=null', clip()],
              width=40, height=12)
    try:
        s = t.wait_for(lambda s: 'languages' in s or conf[:30] in s,
                       'the message')
        rows = [r for r in s.splitlines() if r.strip()]
        at = [i for i, r in enumerate(rows) if 'playing' in r or
              'paused' in r]
        check(at, 'a status line:\n' + s)
        shown = rows[at[0] + 1:]
        # The start says what and where: the file, the line, the key.
        eq(shown[0], message[:40], 'the first message row')
        check(':2: languages:' in ' '.join(shown[:2]),
              'the key in the next row:\n' + s)
        check(shown[-1].endswith('\u2026'), 'cut with an ellipsis:\n' + s)
    finally:
        t.kill()


if __name__ == '__main__':
    run_tests(globals())
