#!/usr/bin/env python3
"""End to end: text tracks (subtitles, captions, descriptions, metadata,
chapters) and video tracks in `tplay --list-tracks`, from Matroska, WebM
and MP4 files made here (by ffmpeg, and by mkvmerge for the flags only it
writes), sidecar files of every name, --sub-file; and a file with text
tracks and sidecars playing in tmux."""
import json
import os
import shlex
import shutil

from tmux import Tmux
from tplaytest import (TPLAY, check, eq, ffmpeg, path, run, run_tests,
                       sines, tplay)

ENV = {'TERM': 'tmux-256color', 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8'}
FIELDS = ['codec', 'flags', 'id', 'kind', 'label', 'language', 'mode']


def write(name, text):
    p = path(name)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, 'w', encoding='utf-8') as f:
        f.write(text)
    return p


def srt(name='cue.srt', text='Hello'):
    return write(name, '1\n00:00:00,500 --> 00:00:01,500\n%s\n\n' % text)


def vtt(name='cue.vtt', text='Bonjour'):
    return write(name, 'WEBVTT\n\n00:00.500 --> 00:01.500\n%s\n' % text)


def chapters():
    return write('chapters.txt', ';FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\n'
                 'START=0\nEND=1000\ntitle=Intro\n[CHAPTER]\nTIMEBASE=1/1000\n'
                 'START=1000\nEND=2000\ntitle=Main\n')


def media(out, freqs, inputs, rest, video=True, duration=2):
    """ffmpeg makes out (folders made first): testsrc2 (with video) and a
    sine per freq, then the other inputs, mapped after them, and rest."""
    os.makedirs(os.path.dirname(path(out)), exist_ok=True)
    args = sines(freqs, video=video, duration=duration)
    i = args.index('-map')
    return ffmpeg(out, args[:i] + inputs + args[i:] + rest)


def listing(*args, status=0):
    r = tplay('--list-tracks', *args)
    eq(r.returncode, status, 'exit status (stderr: %s)' % r.stderr)
    for b in r.stdout:
        check(b >= 0x20 or b == 0x0a, 'raw control byte 0x%02x on stdout' % b)
    return [json.loads(line) for line in r.stdout.decode().splitlines()]


def text_tracks(*args):
    objs = listing(*args)
    eq(len(objs), 1, 'one object')
    return objs[0]


def expect(tracks, want):
    """want: (id, kind, label, language, flags, codec) per track."""
    eq(len(tracks), len(want), 'text track count: %s' % tracks)
    for i, (t, w) in enumerate(zip(tracks, want)):
        eq(sorted(t), FIELDS, 'text track %d fields' % i)
        eq(t['mode'], 'hidden' if t['kind'] == 'chapters' else 'disabled',
           'text track %d mode' % i)
        got = (t['id'], t['kind'], t['label'], t['language'], t['flags'],
               t['codec'])
        for name, g, x in zip(('id', 'kind', 'label', 'language', 'flags',
                               'codec'), got, w):
            eq(g, x, 'text track %d %s' % (i, name))


def mkv_texts():
    return media('texts.mkv', [440], [
        '-i', srt(), '-i', srt(), '-i', vtt(), '-i', chapters()], [
        '-map', '2', '-map', '3', '-map', '4', '-map_chapters', '5',
        '-c:a', 'libopus', '-c:s:0', 'srt', '-c:s:1', 'ass',
        '-c:s:2', 'webvtt',
        '-metadata:s:s:0', 'language=eng',
        '-metadata:s:s:0', 'title=English \x1b[31mred\x07',
        '-metadata:s:s:1', 'language=ger', '-metadata:s:s:2', 'language=fre',
        '-disposition:s:0', 'forced+default',
        '-disposition:s:1', 'hearing_impaired',
        '-disposition:s:2', 'descriptions'])


def test_matroska_text_tracks_and_flags():
    o = text_tracks(mkv_texts())
    expect(o['textTracks'], [
        ('3', 'subtitles', 'English \x1b[31mred\x07', 'en',
         ['default', 'forced'], 'subrip'),
        ('4', 'captions', '', 'de', ['hearing-impaired'], 'ass'),
        # ffmpeg writes WebVTT in Matroska as D_WEBVTT/SUBTITLES, and
        # FlagTextDescriptions for the disposition.
        ('5', 'descriptions', '', 'fr', ['text-descriptions'],
         'webvtt-webm'),
        ('chapters', 'chapters', '', '', [], ''),
    ])
    eq([t['id'] for t in o['audioTracks']], ['2'], 'audio track ids')
    eq(o['videoTracks'], [{'id': '1', 'kind': 'main', 'label': '',
                           'language': 'und', 'selected': True}],
       'video tracks')


def test_mkvmerge_flags_and_bcp47():
    if not shutil.which('mkvmerge'):
        raise RuntimeError('mkvmerge missing: share/deps.sh installs '
                           'mkvtoolnix')
    audio = ffmpeg('opus.mka', sines([440], video=False) + ['-c:a', 'libopus'])
    out = path('merged.mkv')
    r = run(['mkvmerge', '-q', '-o', out, audio,
             '--language', '0:pt-BR', '--track-name', '0:Legendas',
             '--hearing-impaired-flag', '0:1', '--forced-display-flag', '0:1',
             '--default-track-flag', '0:0', srt(),
             '--text-descriptions-flag', '0:1', '--language', '0:en', vtt(),
             '--language', '0:ja', srt('ja.srt', '今日は')])
    eq(r.returncode, 0, 'mkvmerge: %s' % r.stdout)
    o = text_tracks(out)
    expect(o['textTracks'], [
        ('2', 'captions', 'Legendas', 'pt-BR', ['forced', 'hearing-impaired'],
         'subrip'),
        # No FlagDefault written: absent means 1 (RFC 9559).
        ('3', 'descriptions', '', 'en', ['default', 'text-descriptions'],
         'webvtt'),
        ('4', 'subtitles', '', 'ja', ['default'], 'subrip'),
    ])
    eq(o['videoTracks'], [], 'no video track')


def test_webm_webvtt_kinds():
    f = ffmpeg('kinds.webm', [
        '-f', 'lavfi', '-i', 'testsrc2=size=64x36:rate=25:duration=2',
        '-i', vtt(), '-i', vtt(), '-i', vtt(), '-i', vtt(),
        '-map', '0', '-map', '1', '-map', '2', '-map', '3', '-map', '4',
        '-c:v', 'libvpx', '-c:s', 'webvtt',
        '-disposition:s:1', 'captions', '-disposition:s:2', 'descriptions',
        '-disposition:s:3', 'metadata'])
    # DESCRIPTIONS and METADATA come as TrackType metadata, which
    # libmpv's demuxer drops: listed, with their CodecID, never shown.
    expect(text_tracks(f)['textTracks'], [
        ('2', 'subtitles', '', 'und', [], 'webvtt-webm'),
        ('3', 'captions', '', 'und', [], 'webvtt-webm'),
        ('4', 'descriptions', '', 'und', [], 'D_WEBVTT/DESCRIPTIONS'),
        ('5', 'metadata', '', 'und', [], 'D_WEBVTT/METADATA'),
    ])


def test_mp4_mov_text_is_captions():
    f = media('texts.mp4', [440], [
        '-i', srt(), '-i', srt(), '-i', chapters()], [
        '-map', '2', '-map', '3', '-map_chapters', '4', '-c:a', 'aac',
        '-c:s', 'mov_text', '-metadata:s:s:0', 'language=eng',
        '-metadata:s:s:1', 'language=fra',
        '-metadata:s:s:1', 'handler_name=Français',
        '-disposition:s:0', 'default', '-disposition:s:1', 'forced'])
    o = text_tracks(f)
    expect(o['textTracks'], [
        ('3', 'captions', 'SubtitleHandler', 'en', ['default'], 'mov_text'),
        ('4', 'captions', 'Français', 'fr', ['forced'], 'mov_text'),
        ('chapters', 'chapters', '', '', [], ''),
    ])
    eq([(t['id'], t['kind'], t['selected']) for t in o['videoTracks']],
       [('1', 'main', True)], 'video tracks')


def test_sidecars_by_name_and_sub_file():
    d = path('side')
    film = media('side/movie.mkv', [440], [], ['-c:a', 'libopus'])
    for name in ('movie.srt', 'movie.en.srt', 'movie.de.forced.srt',
                 'movie.en.sdh.srt', 'movie.es.cc.srt', 'movie.it.hi.srt',
                 'movie.pt-BR.srt', 'Subs/movie.nl.srt', 'subs/movie.sv.srt',
                 'movie2.en.srt', 'other.srt', 'movie.en.txt'):
        srt('side/' + name)
    vtt('side/movie.fr.vtt')
    write('side/movie.ass', '[Script Info]\nScriptType: v4.00+\n')
    write('side/movie.ja.ssa', '[Script Info]\nScriptType: v4.00\n')
    extra = srt('extra/film.ko.forced.srt')
    o = text_tracks('--sub-file', extra, film)
    S, C = 'subtitles', 'captions'
    expect(o['textTracks'], [
        ('movie.ass', S, 'movie.ass', '', [], 'ass'),
        ('movie.de.forced.srt', S, 'movie.de.forced.srt', 'de', ['forced'],
         'subrip'),
        ('movie.en.sdh.srt', C, 'movie.en.sdh.srt', 'en',
         ['hearing-impaired'], 'subrip'),
        ('movie.en.srt', S, 'movie.en.srt', 'en', [], 'subrip'),
        ('movie.es.cc.srt', C, 'movie.es.cc.srt', 'es', ['hearing-impaired'],
         'subrip'),
        ('movie.fr.vtt', S, 'movie.fr.vtt', 'fr', [], 'webvtt'),
        ('movie.it.hi.srt', C, 'movie.it.hi.srt', 'it', ['hearing-impaired'],
         'subrip'),
        ('movie.ja.ssa', S, 'movie.ja.ssa', 'ja', [], 'ass'),
        ('movie.pt-BR.srt', S, 'movie.pt-BR.srt', 'pt-BR', [], 'subrip'),
        ('movie.srt', S, 'movie.srt', '', [], 'subrip'),
        ('Subs/movie.nl.srt', S, 'movie.nl.srt', 'nl', [], 'subrip'),
        ('subs/movie.sv.srt', S, 'movie.sv.srt', 'sv', [], 'subrip'),
        (extra, S, 'film.ko.forced.srt', 'ko', ['forced'], 'subrip'),
    ])
    eq(len(o['audioTracks']), 1, 'its audio track')
    check(os.path.isdir(d), 'the folder')


def prefs_film():
    """Audio in English and German; full English and French subtitles,
    forced German ones (the signs, for those who hear German)."""
    return media('prefs/film.mkv', [440, 660],
                 ['-i', srt('prefs/en.srt', 'Hello'),
                  '-i', srt('prefs/fr.srt', 'Bonjour'),
                  '-i', srt('prefs/de.srt', 'Schild')],
                 ['-map', '3', '-map', '4', '-map', '5', '-c:a', 'libopus',
                  '-c:s', 'srt',
                  '-metadata:s:a:0', 'language=eng',
                  '-metadata:s:a:1', 'language=ger',
                  '-metadata:s:s:0', 'language=eng',
                  '-metadata:s:s:1', 'language=fre',
                  '-metadata:s:s:2', 'language=ger',
                  '-disposition:a:0', 'default', '-disposition:a:1', '0',
                  '-disposition:s:0', '0', '-disposition:s:1', '0',
                  '-disposition:s:2', 'forced'])


def test_preferences_pick_audio_and_text_together():
    f = prefs_film()
    # (options, enabled audio language, the showing text track's language)
    table = [
        ([], 'en', None),                      # nothing asked: no subtitles
        (['--alang', 'de'], 'de', 'de'),       # German heard: its signs
        (['--alang', 'de', '--slang', 'de'], 'de', 'de'),
        (['--alang', 'en', '--slang', 'fr'], 'en', 'fr'),  # reads French
        (['--alang', 'en', '--slang', 'en'], 'en', None),  # hears it
        (['--alang', 'de', '--slang', 'fra,en'], 'de', 'fr'),
        (['--alang', 'ja', '--slang', 'ger'], 'en', None),  # no full German
        (['--alang', 'de', '--no-sub'], 'de', None),
    ]
    for opts, audio, text in table:
        o = text_tracks(*(opts + [f]))
        heard = [t['language'] for t in o['audioTracks'] if t['enabled']]
        eq(heard, [audio], 'audio enabled with %s' % opts)
        shown = [t['language'] for t in o['textTracks']
                 if t['mode'] == 'showing']
        eq(shown, [text] if text else [], 'text showing with %s' % opts)


def test_no_chapters_no_chapters_track():
    f = ffmpeg('plain.mkv', sines([440]) + ['-c:a', 'libopus'])
    o = text_tracks(f)
    eq(o['textTracks'], [], 'no text track')


def test_cover_art_is_no_video_track():
    cover = ffmpeg('cover.png', ['-f', 'lavfi', '-i', 'color=red:size=32x32',
                                 '-frames:v', '1'])
    f = media('cover.mp3', [440], ['-i', cover], video=False, rest=[
        '-map', '1', '-c:a', 'libmp3lame', '-c:v', 'mjpeg',
        '-disposition:v', 'attached_pic'])
    o = text_tracks(f)
    eq(o['videoTracks'], [], 'cover art left out')
    eq(len(o['audioTracks']), 1, 'its audio')


def test_two_video_tracks_main_and_alternative():
    f = ffmpeg('two-video.mkv', [
        '-f', 'lavfi', '-i', 'testsrc2=size=64x36:rate=25:duration=1',
        '-f', 'lavfi', '-i', 'testsrc2=size=32x18:rate=25:duration=1',
        '-map', '0', '-map', '1', '-c:v', 'libx264', '-preset', 'ultrafast',
        '-metadata:s:v:1', 'title=Angle 2', '-metadata:s:v:1', 'language=ger',
        '-disposition:v:0', '0', '-disposition:v:1', 'default'])
    eq(text_tracks(f)['videoTracks'], [
        {'id': '1', 'kind': 'main', 'label': '', 'language': 'und',
         'selected': False},
        {'id': '2', 'kind': 'alternative', 'label': 'Angle 2',
         'language': 'de', 'selected': True}], 'video tracks')


def test_sub_file_that_cannot_be_read_is_a_usage_error():
    r = tplay('--list-tracks', '--sub-file', path('absent.srt'), mkv_texts())
    eq(r.returncode, 2, 'exit status')
    check(b'--sub-file' in r.stderr and b'No such file' in r.stderr,
          'the reason: %s' % r.stderr)
    eq(r.stdout, b'', 'nothing listed')


def test_a_file_with_text_tracks_and_sidecars_plays():
    film = media('play/film.mkv', [440], ['-i', srt()],
                 ['-map', '2', '-c:a', 'libopus', '-c:s', 'srt'], duration=30)
    srt('play/film.en.srt')
    srt('play/Subs/film.de.forced.srt')
    extra = vtt('play/extra.vtt')
    status = path('play.status')
    t = Tmux('textplay', 100, 30)
    t.start('%s --mpv-opt ao=null --sub-file %s %s; echo $? > %s' % (
        shlex.quote(TPLAY), shlex.quote(extra), shlex.quote(film),
        shlex.quote(status)), env=ENV)
    try:
        t.wait_for(lambda x: 'playing 00:00:02' in x or
                   'playing 00:02' in x, 'two seconds played', timeout=40)
        t.keys('q')
        t.wait_var('pane_dead', '1')
        eq(open(status).read(), '0\n', 'exit status')
        log = os.path.join(t.state, 'tplay', 'tplay.log')
        text = open(log, errors='replace').read() if os.path.exists(log) \
            else ''
        for bad in ('Can not open external file', 'sub-files', 'error'):
            check(bad not in text, '%r in the log:\n%s' % (bad, text))
    finally:
        t.kill()


if __name__ == '__main__':
    run_tests(globals())
