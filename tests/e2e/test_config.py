#!/usr/bin/env python3
"""End to end: tplay.conf and --alang decide which tracks start enabled (in
--list-tracks and in what is heard), [subtitles] and --slang are read and
checked alike, and a malformed config is reported line by line while
tplay keeps working."""
import json
import os
import shlex
import time

from tplaytest import (TPLAY, check, eq, ffmpeg, heard, path, pcm_opts,
                       not_under_valgrind, run, run_tests, sines, slow,
                       tplay)
from tmux import Tmux

# en main (default) 440, de 550, en commentary 660, ja 770, en descriptions 880
FREQS = [440, 550, 660, 770, 880]


def clip(container='mkv'):
    """The tracks above; in MP4 the last one is a kind-box "description"
    (Matroska has no flag for description-only audio)."""
    mp4 = container == 'mp4'
    return ffmpeg('prefs.' + container, sines(FREQS, duration=4) + [
        '-c:a', 'aac' if mp4 else 'libopus',
        '-metadata:s:a:0', 'language=eng', '-metadata:s:a:1', 'language=ger',
        '-metadata:s:a:2', 'language=eng', '-metadata:s:a:3', 'language=jpn',
        '-metadata:s:a:4', 'language=eng',
        '-disposition:v:0', 'default', '-disposition:a:0', 'default',
        '-disposition:a:1', '0', '-disposition:a:2', 'comment',
        '-disposition:a:3', '0', '-disposition:a:4',
        'visual_impaired+descriptions' if mp4 else 'descriptions'])


def clip_mp4():
    return clip('mp4')


def write(name, text):
    p = path(name)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, 'w') as out:
        out.write(text)
    return p


def enabled(*args, media=None):
    """Enabled track ids from --list-tracks with these options."""
    r = tplay(*args, '--list-tracks', media or clip())
    eq(r.returncode, 0, 'status (stderr %s)' % r.stderr)
    tracks = json.loads(r.stdout)['audioTracks']
    return [t['id'] for t in tracks if t['enabled']], r.stderr.decode()


def test_no_config_means_the_default_track():
    eq(enabled('--no-config')[0], ['2'], 'enabled')


def test_languages_from_the_config_file():
    conf = write('c1/tplay.conf', '[audio]\nlanguages = jpn, en\n')
    eq(enabled('--config', conf)[0], ['5'], 'ja first')
    conf = write('c2/tplay.conf', '[audio]\nlanguages = fr, de-CH\n')
    eq(enabled('--config', conf)[0], ['3'], 'de-CH takes de')


def test_alang_overrides_the_config():
    conf = write('c3/tplay.conf', '[audio]\nlanguages = ja\n')
    eq(enabled('--config', conf, '--alang', 'de,en')[0], ['3'], '--alang wins')


def test_kinds_and_also_enable():
    conf = write('c4/tplay.conf', '[audio]\nlanguages = en\n'
                 'kinds = commentary, main\n')
    eq(enabled('--config', conf)[0], ['4'], 'asked-for commentary')
    conf = write('c5/tplay.conf', '[audio]\nlanguages = en\n'
                 'also-enable = descriptions\n')
    eq(enabled('--config', conf, media=clip_mp4())[0], ['2', '6'],
       'main + descriptions')
    eq(enabled('--config', conf)[0], ['2'], 'Matroska has no descriptions')


def test_user_file_overrides_the_system_file():
    write('xdg_config_dirs/tplay/tplay.conf', '[audio]\nlanguages = ja\n'
          'also-enable = descriptions\n')
    try:
        eq(enabled()[0], ['5'], 'system file alone')
        write('xdg_config_home/tplay/tplay.conf', '[audio]\nlanguages = de\n')
        eq(enabled()[0], ['3'], 'user file wins for languages')
        eq(enabled('--no-config')[0], ['2'], '--no-config reads neither')
    finally:
        for f in ('xdg_config_dirs/tplay/tplay.conf',
                  'xdg_config_home/tplay/tplay.conf'):
            if os.path.exists(path(f)):
                os.unlink(path(f))


def test_malformed_config_is_reported_line_by_line():
    conf = write('bad/tplay.conf', '[audio]\n'
                 'languages = e_n, ja\n'
                 'volume = loud\n'
                 'bogus = 1\n'
                 'not a setting\n'
                 '[mpv]\nvo = tct\n')
    ids, err = enabled('--config', conf)
    eq(ids, ['5'], 'the good part (ja) still applies')
    lines = err.splitlines()
    eq(lines, [
        'tplay: %s:2: languages: "e_n" is not a BCP 47 language tag '
        '(examples: en, pt-BR, zh-Hant)' % conf,
        'tplay: %s:3: volume: "loud" is not a whole number from 0 to 130; '
        'using 100' % conf,
        'tplay: %s:4: unknown key "bogus" in [audio]; ignored (known: '
        'languages, kinds, avoid-kinds, also-enable, volume, duck, '
        'duck-commentary)' % conf,
        'tplay: %s:5: expected "key = value", a [section] or a # comment'
        % conf,
        'tplay: %s:7: [mpv] vo: refused: tplay draws the video itself; use '
        '--no-video to turn it off' % conf,
    ], 'stderr')


def test_player_settings_are_read_and_checked():
    conf = write('player/tplay.conf', '[player]\nresume = maybe\n'
                 'mouse = no\n[audio]\nlanguages = ja\n')
    ids, err = enabled('--config', conf, '--no-resume')
    eq(ids, ['5'], 'the rest of the file applies')
    eq(err.splitlines(), ['tplay: %s:2: resume: "maybe" is not yes or no; '
                          'using yes' % conf], 'stderr')


def test_subtitle_settings_are_read_and_checked():
    """[subtitles] and --slang are read like [audio]'s; their problems are
    reported the same way, and libmpv's own choosers are refused."""
    conf = write('subs/tplay.conf', '[subtitles]\n'
                 'languages = en, e_n\n'
                 'kinds = captions, chapters\n'
                 'secondary = ja, en\n'
                 'show = maybe\n'
                 '[mpv]\nslang = en\n')
    ids, err = enabled('--config', conf, '--slang', 'de,x_y', '--no-sub')
    eq(ids, ['2'], 'the audio choice is untouched')
    eq(err.splitlines(), [
        'tplay: %s:2: languages: "e_n" is not a BCP 47 language tag '
        '(examples: en, pt-BR, zh-Hant)' % conf,
        'tplay: %s:3: kinds: "chapters" is not a subtitle kind (allowed: '
        'subtitles, captions, descriptions)' % conf,
        'tplay: %s:4: secondary: "ja, en" is not one BCP 47 language tag '
        '(examples: ja, pt-BR, zh-Hant); using none' % conf,
        'tplay: %s:5: show: "maybe" is not yes or no; using yes' % conf,
        'tplay: %s:7: [mpv] slang: refused: tplay chooses the subtitles '
        'itself; use [subtitles] languages or --slang' % conf,
        'tplay: --slang: languages: "x_y" is not a BCP 47 language tag '
        '(examples: en, pt-BR, zh-Hant)',
    ], 'stderr')
    r = tplay('--mpv-opt', 'sid=1', '--list-tracks', clip())
    eq(r.returncode, 2, '--mpv-opt sid: status')
    eq(r.stderr.decode().splitlines()[0], 'tplay: --mpv-opt sid: refused: '
       'tplay chooses the subtitles itself; use [subtitles] languages, '
       '--slang or --no-sub', '--mpv-opt sid: stderr')


def test_an_option_out_of_the_tables_range_is_a_usage_error():
    for args, want in (
            (['--mic-volume', '201'], '--mic-volume: volume: "201" is not a '
             'whole number from 0 to 200'),
            (['--mic-frequency', '-1'], '--mic-frequency: frequency: "-1" is '
             'not a number from 0 to 96000')):
        r = tplay(*args, '--list-tracks', clip())
        eq(r.returncode, 2, 'status of %s' % args)
        eq(r.stderr.decode().splitlines()[0], 'tplay: ' + want, 'stderr')
        eq(r.stdout, b'', 'no listing')


def test_hostile_config_never_crashes_or_hangs():
    blobs = {
        'binary': bytes(range(256)) * 40,
        'huge-line': b'[audio]\nlanguages = ' + b'en,' * 100000 + b'\n',
        'many-lines': b'[audio]\n' + b'languages = en\n' * 20000,
        'control': b'[audio]\nlanguages = \x1b[2J\x07\n',
        'no-newline': b'[audio]\nlanguages = ja',
        'garbage-lines': b'x\n' * 500,
    }
    for name, blob in blobs.items():
        p = path('hostile-%s.conf' % name)
        with open(p, 'wb') as out:
            out.write(blob)
        r = tplay('--config', p, '--list-tracks', clip(), timeout=30)
        eq(r.returncode, 0, '%s: status' % name)
        check(b'\x1b' not in r.stderr and b'\x07' not in r.stderr,
              '%s: raw control bytes on stderr' % name)
        check(r.stderr.count(b'\n') <= 21, '%s: at most 20 problems and '
              'a count of the rest: %r' % (name, r.stderr[:3000]))
        if name == 'garbage-lines':
            check(r.stderr.endswith(b': 480 more problems not shown; is it '
                                    b'a tplay config?\n'), 'the count')
        json.loads(r.stdout)
    fifo = path('fifo.conf')
    if not os.path.exists(fifo):
        os.mkfifo(fifo)
    r = tplay('--config', fifo, '--list-tracks', clip(), timeout=30)
    eq(r.returncode, 0, 'fifo config: status')
    check(b'not a regular file' in r.stderr, 'fifo reported')


def test_unusable_config_files_are_reported_and_defaults_used():
    ja = '[audio]\nlanguages = ja\n'  # would enable track 5 if read
    huge = write('huge/tplay.conf', ja + ('#' * 999 + '\n') * 3000)
    loop = path('loop.conf')
    if not os.path.lexists(loop):
        os.symlink(loop, loop)
    cases = [
        (huge, ': more than 1048576 bytes, too big for a tplay config; '
         'ignored'),
        (os.path.dirname(huge), ': a directory, not a file; ignored'),
        (loop, ': cannot read: Too many levels of symbolic links'),
        ('/proc/self/mem', ': cannot read: Input/output error; ignored'),
        (write('binary.conf', ja + '\0\1\2\n' + 'x\n' * 100),
         ':3: a NUL byte: a binary file, not a tplay config; ignored'),
    ]
    for conf, why in cases:
        ids, err = enabled('--config', conf)
        eq(ids, ['2'], '%s: the defaults' % conf)
        eq(err, 'tplay: %s%s\n' % (conf, why), '%s: reported' % conf)
    # Where tplay looks by itself, a directory in the file's place.
    user = os.path.join(os.environ['XDG_CONFIG_HOME'], 'tplay', 'tplay.conf')
    os.makedirs(user)
    try:
        ids, err = enabled()
        eq(ids, ['2'], 'directory as the user config: the defaults')
        eq(err, 'tplay: %s: a directory, not a file; ignored\n' % user,
           'reported')
    finally:
        os.rmdir(user)


@not_under_valgrind('run as nobody, valgrind cannot write its files in the '
                    'root-owned work folder; the same code path runs under '
                    'valgrind in test_unusable_config_files')
def test_a_config_the_user_cannot_read_is_reported():
    # As root every file is readable: drop to nobody, as a user would be.
    conf = write('locked/tplay.conf', '[audio]\nlanguages = ja\n')
    os.chmod(conf, 0)
    media = clip()
    for d in (path(''), path('locked')):
        os.chmod(d, 0o755)
    cmd = [TPLAY, '--config', conf, '--list-tracks', media]
    if os.geteuid() == 0:
        cmd = ['setpriv', '--reuid=65534', '--regid=65534',
               '--clear-groups'] + cmd
    r = run(cmd)
    eq(r.returncode, 0, 'status (stderr %r)' % r.stderr)
    tracks = json.loads(r.stdout)['audioTracks']
    eq([t['id'] for t in tracks if t['enabled']], ['2'], 'the defaults')
    eq(r.stderr.decode(), 'tplay: %s: cannot read: Permission denied\n' % conf,
       'message')


def play_and_listen(name, conf_text, media=None, extra=(), until=None):
    """Play the clip in tmux with this config, output to PCM; return the
    frequencies heard, the screen and tplay's log (all it logged, read
    after it quit).  With until (a text, or a test of the screen), wait
    for that on the screen instead of for sound, and return no
    frequencies."""
    conf = write('%s/tplay.conf' % name, conf_text)
    out = path('%s.raw' % name)
    if os.path.exists(out):
        os.unlink(out)
    t = Tmux(name)
    args = ' '.join(shlex.quote(a) for a in
                    [TPLAY, '--config', conf] + list(extra) + pcm_opts(out) +
                    [media or clip()])
    t.start(args, env={'TERM': 'tmux-256color', 'LANG': 'C.UTF-8'})
    try:
        screen = t.wait_for(lambda s: 'Audio tracks' in s, 'screen')
        if isinstance(until, str):
            screen = t.wait_for(lambda s: until in s, until)
        elif until:
            screen = t.wait_for(until, until.__doc__)
        deadline = time.monotonic() + slow(20)
        while not until and time.monotonic() < deadline and (
                not os.path.exists(out) or os.path.getsize(out) < 8 * 48000 * 2):
            time.sleep(0.05)
        screen = t.screen()  # with what happened while it played
        t.keys('q')
        t.wait_var('pane_dead', '1')
        log = os.path.join(t.state, 'tplay',
                           'tplay.log')
        return (([] if until else heard(out, FREQS)), screen,
                open(log, errors='replace').read())
    finally:
        t.kill()


def test_config_makes_the_expected_sine_audible():
    got, _, _ = play_and_listen('hear-ja', '[audio]\nlanguages = ja\n')
    eq(got, [770], 'heard with languages = ja')
    got, _, _ = play_and_listen('hear-default', '')
    eq(got, [440], 'heard with no preference')


def test_also_enable_mixes_both_tracks():
    got, screen, _ = play_and_listen('hear-also', '[audio]\nlanguages = en\n'
                                  'also-enable = descriptions\n', clip_mp4())
    eq(got, [440, 880], 'main and descriptions mixed')
    rows = [l for l in screen.splitlines() if l.startswith('[x]')]
    eq(len(rows), 2, 'two rows marked enabled')


def test_no_video_keeps_the_mix():
    # The mix graph routes the picture only when one is selected: with
    # --no-video (or [video] mode = off) the sound plays alone.
    # A video filter that cannot be built makes any attempt to decode the
    # picture show up as an error on screen.
    no_decoder = ['--mpv-opt', 'vf=lavfi=[tplay_no_such_filter]']
    for name, conf, extra in (
            ('novideo-cli', '', ['--no-video']),
            ('novideo-conf', '[video]\nmode = off\n', [])):
        got, screen, log = play_and_listen(
            name, '[audio]\nlanguages = en\nalso-enable = descriptions\n'
            + conf, clip_mp4(), extra + no_decoder)
        eq(got, [440, 880], '%s: main and descriptions mixed' % name)
        # The log, read after tplay quit, holds all of the run; the
        # screen, read once, only what had come by then.
        check('Creating filter' not in screen + log,
              '%s: video was decoded:\n%s\nlog:\n%s' % (name, screen, log))
    # ...and the probe does see decoding when the video is on, in both.
    _, _, log = play_and_listen('video-on', '', clip_mp4(), no_decoder,
                                until='Creating filter')
    check('Creating filter' in log, 'the probe is not logged:\n' + log)


def test_config_problems_show_in_the_ui():
    # Messages leave the screen after 8 s: looked for while they show,
    # not after the sound (which under valgrind may come later).
    def both(screen):
        """both config problems on the screen"""
        return ('tplay.conf:2: languages: "e_n" is not a BCP 47 language tag'
                in screen and
                'tplay.conf:4: [mpv] libmpv option volume-max=loud' in screen)
    play_and_listen('ui-problems', '[audio]\nlanguages = e_n\n'
                    '[mpv]\nvolume-max = loud\n', until=both)


if __name__ == '__main__':
    run_tests(globals())
