#!/usr/bin/env python3
"""End to end: `tplay --list-tracks` on media generated here, compared field
by field with what the W3C sourcing rules (and tplay's documented
extensions) say for each container."""
import json
import os
import re
import stat
import subprocess

from tplaytest import (TPLAY, WORK, check, eq, ffmpeg, path, run, run_tests,
                       sines, tplay)

HOSTILE = {
    'esc': b'\x1b[31mRED\x07bell',
    'c1': b'csi\xc2\x9b2J',
    'rlo': b'\xe2\x80\xaeevil',
    'ws': b'tab\tnew\nline\rcr',
    'bad': b'bad\xff\xfe\xc3',
    'cjk': '日本語の解説 🎬'.encode(),
    'long': b'L' * 5000,
}


def listing(*files, status=0):
    """Run --list-tracks; return the parsed objects (one per line)."""
    r = tplay('--list-tracks', *files)
    eq(r.returncode, status, 'exit status for %s (stderr: %s)' % (files, r.stderr))
    for b in r.stdout:
        check(b >= 0x20 or b == 0x0a, 'raw control byte 0x%02x on stdout' % b)
        check(b != 0x7f, 'raw DEL on stdout')
    check(b'\xc2\x80' not in r.stdout and b'\xc2\x9b' not in r.stdout,
          'raw C1 control on stdout')
    lines = r.stdout.decode('utf-8').splitlines()
    return [json.loads(line) for line in lines], r


def tracks_of(f):
    objs, _ = listing(f)
    eq(len(objs), 1, 'objects for %s' % f)
    eq(objs[0]['file'], f, 'file field')
    return objs[0]['audioTracks']


def expect(tracks, want):
    """want: list of (id, kind, label, language, enabled, flags)."""
    eq(len(tracks), len(want), 'track count')
    for i, (t, w) in enumerate(zip(tracks, want)):
        eq(sorted(t), ['enabled', 'flags', 'id', 'kind', 'label', 'language'],
           'track %d fields' % i)
        got = (t['id'], t['kind'], t['label'], t['language'], t['enabled'],
               t['flags'])
        for name, g, x in zip(('id', 'kind', 'label', 'language', 'enabled',
                               'flags'), got, w):
            eq(g, x, 'track %d %s' % (i, name))


def mkv_four():
    return ffmpeg('four.mkv', sines([440, 550, 660, 770]) + [
        '-c:a', 'libopus',
        '-metadata:s:a:0', 'language=eng', '-metadata:s:a:0', 'title=English',
        '-metadata:s:a:1', 'language=ger',
        '-metadata:s:a:1', 'title=Deutsch – Übersetzung',
        '-metadata:s:a:2', 'language=eng',
        '-metadata:s:a:2', "title=Director's commentary",
        '-metadata:s:a:3', 'language=eng',
        '-metadata:s:a:3', 'title=Audio description',
        '-disposition:v:0', 'default', '-disposition:a:0', 'default',
        '-disposition:a:1', '0', '-disposition:a:2', 'comment',
        '-disposition:a:3', 'visual_impaired'])


def test_matroska_kinds_labels_languages():
    expect(tracks_of(mkv_four()), [
        ('2', 'main', 'English', 'en', True, ['default']),
        ('3', 'translation', 'Deutsch – Übersetzung', 'de', False, []),
        ('4', 'commentary', "Director's commentary", 'en', False, ['commentary']),
        ('5', 'main-desc', 'Audio description', 'en', False, ['visual-impaired']),
    ])


def test_matroska_first_track_not_default():
    f = ffmpeg('second-default.mkv', sines([440, 550], video=False) + [
        '-c:a', 'libopus',
        '-metadata:s:a:0', 'language=fre', '-metadata:s:a:1', 'language=jpn',
        '-disposition:a:0', '0', '-disposition:a:1', 'default'])
    expect(tracks_of(f), [
        ('1', '', '', 'fr', False, []),
        ('2', 'main', '', 'ja', True, ['default']),
    ])


def test_matroska_bcp47_and_rfc9559_flags():
    base = ffmpeg('bcp-base.mkv', sines([440, 550, 660]) + [
        '-c:a', 'libopus', '-disposition:v:0', 'default',
        '-disposition:a:0', 'default', '-disposition:a:1', '0',
        '-disposition:a:2', '0'])
    out = path('bcp47.mkv')
    # mkvmerge writes LanguageBCP47 (which neither libmpv nor FFmpeg reads)
    # and leaves FlagDefault out when it is 1 (an absent flag counts as 1).
    r = run(['mkvmerge', '-q', '-o', out,
             '--language', '1:pt-BR', '--track-name', '1:Português',
             '--default-track-flag', '1:yes',
             '--language', '2:zh-Hant', '--commentary-flag', '2:yes',
             '--original-flag', '2:yes',
             '--language', '3:sr-Latn-RS', '--hearing-impaired-flag', '3:yes',
             '--forced-display-flag', '3:yes', base])
    check(r.returncode in (0, 1), 'mkvmerge: %s' % r.stdout)
    expect(tracks_of(out), [
        ('2', 'main', 'Português', 'pt-BR', True, ['default']),
        ('3', 'commentary', '', 'zh-Hant', False, ['original', 'commentary']),
        ('4', 'translation', '', 'sr-Latn-RS', False,
         ['forced', 'hearing-impaired']),
    ])


def test_webm():
    f = ffmpeg('two.webm', sines([440, 550], size='64x36') + [
        '-c:v', 'libvpx', '-c:a', 'libopus',
        '-metadata:s:a:0', 'language=eng', '-metadata:s:a:1', 'language=fra',
        '-disposition:v:0', 'default',
        '-disposition:a:0', 'default', '-disposition:a:1', '0'])
    expect(tracks_of(f), [
        ('2', 'main', '', 'en', True, ['default']),
        ('3', 'translation', '', 'fr', False, []),
    ])


def test_mp4_handler_names_and_kind_boxes():
    f = ffmpeg('kinds.mp4', sines([440, 550, 660, 770, 880]) + [
        '-c:a', 'aac', '-c:a:4', 'ac3', '-audio_service_type:a:4', 'vi',
        '-metadata:s:a:0', 'language=eng', '-metadata:s:a:0', 'handler_name=English',
        '-metadata:s:a:1', 'language=jpn', '-metadata:s:a:1', 'handler_name=日本語',
        '-metadata:s:a:2', 'language=eng', '-metadata:s:a:2', 'handler_name=Commentary',
        '-metadata:s:a:3', 'language=eng',
        '-metadata:s:a:4', 'language=eng',
        '-disposition:v:0', 'default', '-disposition:a:0', 'default',
        '-disposition:a:1', '0', '-disposition:a:2', 'comment',
        '-disposition:a:3', 'visual_impaired+descriptions',
        '-disposition:a:4', '0'])
    expect(tracks_of(f), [
        ('2', 'main', 'English', 'en', True, ['default']),
        ('3', 'translation', '日本語', 'ja', False, []),
        ('4', 'commentary', 'Commentary', 'en', False, ['commentary']),
        ('5', 'descriptions', 'SoundHandler', 'en', False, ['visual-impaired']),
        ('6', 'main-desc', 'SoundHandler', 'en', False, ['visual-impaired']),
    ])


def test_mpegts_pids_and_audio_types():
    f = ffmpeg('types.ts', sines([440, 550, 660, 770]) + [
        '-c:a', 'mp2',
        '-metadata:s:a:0', 'language=eng', '-metadata:s:a:1', 'language=ger',
        '-metadata:s:a:2', 'language=eng', '-metadata:s:a:3', 'language=spa',
        '-disposition:a:1', 'hearing_impaired',
        '-disposition:a:2', 'visual_impaired'])
    expect(tracks_of(f), [
        ('257', 'main', '', 'en', True, []),
        ('258', '', '', 'de', False, ['hearing-impaired']),
        ('259', 'descriptions', '', 'en', False, ['visual-impaired']),
        ('260', 'translation', '', 'es', False, []),
    ])


def test_mpegts_descriptor_with_several_languages():
    # A dual-mono broadcast: one ISO_639_language_descriptor naming two
    # languages (FFmpeg reads it as "fre,eng"), and one naming three.
    f = ffmpeg('dual-mono.ts', sines([440, 550, 660], video=False) + [
        '-c:a', 'mp2', '-metadata:s:a:0', 'language=fre,eng',
        '-metadata:s:a:1', 'language=ger',
        '-metadata:s:a:2', 'language=spa,eng,cat'])
    pmt = open(f, 'rb').read(4096)
    # Tag 0x0A, 8 bytes: two entries of a code and an audio_type (0).
    check(b'\x0a\x08fre\x00eng\x00' in pmt and
          b'\x0a\x0cspa\x00eng\x00cat\x00' in pmt,
          'the PMT holds the descriptors with several entries')
    tracks = tracks_of(f)
    eq([(t['id'], t['language'], t.get('otherLanguages')) for t in tracks],
       [('256', 'fr', ['en']), ('257', 'de', None),
        ('258', 'es', ['en', 'ca'])],
       'the first language is the track\'s, the others come apart')
    eq(sorted(tracks[0]), ['enabled', 'flags', 'id', 'kind', 'label',
                           'language', 'otherLanguages'], 'track 0 fields')
    expect(tracks[1:2], [('257', 'translation', '', 'de', False, [])])
    eq(list(tracks[2])[3:5], ['language', 'otherLanguages'],
       'otherLanguages right after language')


def ogg_serials(f):
    """The BOS pages' serial numbers, read here independently of tplay."""
    data = open(f, 'rb').read(65536)
    serials, i = [], 0
    while data[i:i + 4] == b'OggS' and data[i + 5] & 2:
        serials.append(str(int.from_bytes(data[i + 14:i + 18], 'little')))
        nseg = data[i + 26]
        i += 27 + nseg + sum(data[i + 27:i + 27 + nseg])
    return serials


def test_ogg_serial_ids_and_no_labels():
    f = ffmpeg('two.ogg', sines([440, 550], video=False) + [
        '-c:a', 'libvorbis',
        '-metadata:s:a:0', 'language=eng', '-metadata:s:a:0', 'title=Song'])
    serials = ogg_serials(f)
    eq(len(serials), 2, 'BOS pages')
    expect(tracks_of(f), [
        (serials[0], '', '', '', True, []),
        (serials[1], '', '', '', False, []),
    ])


def interleaved(name, acodec):
    """Streams a, v, a, s, a: audio ids must skip the video and subtitle."""
    srt = path('sub.srt')
    with open(srt, 'w') as out:
        out.write('1\n00:00:00,000 --> 00:00:01,000\nhello\n')
    return ffmpeg(name, [
        '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2',
        '-f', 'lavfi', '-i', 'testsrc2=size=64x36:rate=25:duration=2',
        '-f', 'lavfi', '-i', 'sine=frequency=550:duration=2',
        '-i', srt,
        '-f', 'lavfi', '-i', 'sine=frequency=660:duration=2',
        '-map', '0:a', '-map', '1:v', '-map', '2:a', '-map', '3:s',
        '-map', '4:a', '-c:v', 'libx264', '-preset', 'ultrafast',
        '-c:a', acodec, '-c:s', 'mov_text' if name.endswith('mp4') else 'srt',
        '-metadata:s:a:0', 'language=eng', '-metadata:s:a:1', 'language=fra',
        '-metadata:s:a:2', 'language=spa',
        '-metadata:s:a:0', 'handler_name=A', '-metadata:s:a:1', 'handler_name=B',
        '-metadata:s:a:2', 'handler_name=C',
        '-metadata:s:a:0', 'title=A', '-metadata:s:a:1', 'title=B',
        '-metadata:s:a:2', 'title=C'])


def test_streams_match_libmpv_tracks_whatever_the_order():
    for name, acodec, ids in (('interleaved.mkv', 'libopus', ['1', '3', '5']),
                              ('interleaved.mp4', 'aac', ['1', '3', '5'])):
        tracks = tracks_of(interleaved(name, acodec))
        eq([(t['id'], t['label'], t['language']) for t in tracks],
           list(zip(ids, ['A', 'B', 'C'], ['en', 'fr', 'es'])), name)


def test_track_counts():
    one = ffmpeg('one.mka', sines([440], video=False) + [
        '-c:a', 'libopus', '-metadata:s:a:0', 'language=ita'])
    eight = ffmpeg('eight.mkv', sines([300 + 100 * i for i in range(8)],
                                      video=False) + ['-c:a', 'libopus'])
    none = ffmpeg('video-only.mkv', sines([]) + [])
    objs, _ = listing(one, eight, none)
    eq([len(o['audioTracks']) for o in objs], [1, 8, 0], 'track counts')
    eq([o['file'] for o in objs], [one, eight, none], 'files in order')
    eq(objs[0]['audioTracks'][0]['language'], 'it', 'ita -> it')
    eq([t['id'] for t in objs[1]['audioTracks']],
       [str(i) for i in range(1, 9)], 'eight ids')
    eq([t['enabled'] for t in objs[1]['audioTracks']],
       [True] + [False] * 7, 'one enabled: the first')


def test_hostile_labels_are_escaped_exactly():
    args = sines([440] * len(HOSTILE), video=False) + ['-c:a', 'libopus']
    for i, label in enumerate(HOSTILE.values()):
        args += [b'-metadata:s:a:%d' % i, b'title=' + label]
    f = ffmpeg('hostile.mkv', args)
    tracks = tracks_of(f)
    eq([t['label'] for t in tracks],
       [v.decode('utf-8', 'replace') for v in HOSTILE.values()],
       'labels (exact, invalid UTF-8 as U+FFFD)')


def test_broken_files_are_reported_and_others_listed():
    good = mkv_four()
    missing = path('missing.mkv')
    empty = path('empty.mkv')
    open(empty, 'wb').close()
    garbage = path('garbage.mp4')
    with open(garbage, 'wb') as out:
        out.write(bytes((i * 7919) % 251 for i in range(20000)))
    trunc_mkv = path('truncated.mkv')
    with open(good, 'rb') as src, open(trunc_mkv, 'wb') as out:
        out.write(src.read(60))
    mp4 = ffmpeg('for-trunc.mp4', sines([440]) + ['-c:a', 'aac'])
    trunc_mp4 = path('truncated.mp4')
    with open(mp4, 'rb') as src, open(trunc_mp4, 'wb') as out:
        out.write(src.read(2000))
    fifo = path('fifo.mkv')
    if not os.path.exists(fifo):
        os.mkfifo(fifo)
    bad = [missing, empty, garbage, trunc_mkv, trunc_mp4, WORK, fifo]
    objs, r = listing(bad[0], good, *bad[1:], status=1)
    eq([o['file'] for o in objs], [good], 'only the good file is listed')
    eq(len(objs[0]['audioTracks']), 4, 'its tracks')
    errs = r.stderr.decode().splitlines()
    eq(len(errs), len(bad), 'one error line per bad file: %s' % errs)
    for line, f in zip(errs, bad):
        check(line.startswith('tplay: %s: ' % f) and len(line) > len(f) + 9,
              'error names the file and a reason: %r' % line)
    check(stat.S_ISFIFO(os.stat(fifo).st_mode), 'fifo untouched')


def test_file_name_with_control_bytes_is_escaped():
    name = path('evil\x1b[2Jname.mkv')
    r = tplay('--list-tracks', name)
    eq(r.returncode, 1, 'status')
    check(b'\x1b' not in r.stderr, 'raw ESC on stderr: %r' % r.stderr)
    check(b'\\u001b[2Jname.mkv' in r.stderr, 'escaped name: %r' % r.stderr)


def test_help_version_and_usage_errors():
    r = tplay('--help')
    eq(r.returncode, 0, '--help status')
    check(b'--list-tracks' in r.stdout, '--help text')
    r = tplay('--version')
    eq(r.returncode, 0, '--version status')
    check(r.stdout.startswith(b'tplay '), '--version text')
    r = tplay('--list-keys')
    eq(r.returncode, 0, '--list-keys status')
    check(re.search(rb'^q +quit +# ', r.stdout, re.M),
          '--list-keys text: %r' % r.stdout)
    # Several files are no usage error (here: no terminal to play on).
    r = tplay('a.mkv', 'b.mkv')
    eq(r.returncode, 1, 'status for two files')
    check(b'must be a terminal' in r.stderr, r.stderr.decode())
    for args in (['--bogus', 'x.mkv'], ['-z'], [], ['--mpv-opt'],
                 ['--list-keys', 'x.mkv'], ['--no-video=1', 'x.mkv'],
                 ['--mpv-opt', 'vo=tct', 'x.mkv'],
                 ['--mpv-opt', 'input-conf=/x', 'x.mkv'],
                 ['--mpv-opt', '=1', 'x.mkv']):
        r = tplay(*args)
        eq(r.returncode, 2, 'status for %s' % args)
        check(b'usage: tplay' in r.stderr, 'usage for %s' % args)
        eq(r.stdout, b'', 'nothing on stdout for %s' % args)


def log_of(state):
    """The log a tplay run with XDG_STATE_HOME=state wrote (b'' if none)."""
    f = os.path.join(state, 'tplay', 'tplay.log')
    if not os.path.exists(f):
        return b''
    with open(f, 'rb') as src:
        return src.read()


def test_output_that_cannot_be_written_is_an_error():
    # /dev/full takes the open and fails every write with ENOSPC: what
    # tplay wrote never arrived, so it must not say it did.
    for args, what in ((['--list-tracks', mkv_four()], 'the listing'),
                       (['--list-tracks', mkv_four(), mkv_four()],
                        'the listing'),
                       (['--help'], 'the help'), (['--version'], 'the version'),
                       (['--list-keys'], 'the keys'),
                       (['-V'], 'the version')):
        state = path('full-state')
        env = dict(os.environ, XDG_STATE_HOME=state)
        with open('/dev/full', 'wb') as full:
            r = run([TPLAY] + args, stdout=full, stderr=subprocess.PIPE,
                    env=env, capture_output=False)
        eq(r.returncode, 1, 'status of %s > /dev/full' % args)
        line = ('tplay: cannot write %s to standard output: No space left '
                'on device\n' % what).encode()
        eq(r.stderr, line, 'stderr of %s > /dev/full' % args)
        check(line in log_of(state), 'the log has it too')
    # And to a working stdout all is well.
    r = tplay('--version')
    eq((r.returncode, r.stderr), (0, b''), '--version to a pipe')


def test_control_bytes_of_arguments_never_reach_stderr():
    cases = (['--mic-gain', '\x1b[31mx\x07', 'x.mkv'],
             ['--mic', '--mic-gain', '\x1b[31mx\x07'],
             ['--bogus\x1b]0;pwned\x07', 'x.mkv'], ['-\x1b', 'x.mkv'],
             ['--mpv-opt', '=\x1b[2J', 'x.mkv'],
             ['--mpv-opt', 'vo\x9b2J=x', 'x.mkv'],
             ['--alang', '\x1b]0;t\x07', '--list-tracks', 'x\x1b.mkv'],
             ['--mpv-opt', 'vo\x1b[2J=x', 'x.mkv'])
    for args in cases:
        state = path('ctl-state')
        r = run([TPLAY] + args, env=dict(os.environ, XDG_STATE_HOME=state))
        check(r.returncode in (1, 2), 'status %d for %r' % (r.returncode, args))
        for out, name in ((r.stderr, 'stderr'), (log_of(state), 'the log')):
            check(b'\x1b' not in out and b'\x07' not in out and
                  b'\xc2\x9b' not in out,
                  'raw control byte in %s for %r: %r' % (name, args, out))
        check(b'\\u001b' in r.stderr or b'\\u009b' in r.stderr,
              'the byte is shown escaped for %r: %r' % (args, r.stderr))


def test_list_tracks_leaves_the_terminal_alone():
    # No TTY here: a program that set terminal modes would fail or print
    # escape sequences; --list-tracks must print JSON only.
    objs, r = listing(mkv_four())
    check(not r.stdout.startswith(b'\x1b'), 'no escape sequence')
    eq(len(objs), 1, 'one line')


if __name__ == '__main__':
    run_tests(globals())
