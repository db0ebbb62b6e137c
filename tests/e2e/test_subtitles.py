#!/usr/bin/env python3
"""End to end: subtitles drawn as terminal text (issue 14).  Each cue is on
the screen while the status time is inside its interval and gone after it,
at 25 fps, at 2 fps and with no picture; italic where the cue says so; a
cue's escape sequences never reach the terminal; libmpv draws nothing into
the picture; j, v, z and Z act as in mpv."""
import os
import re
import shlex

from tplaytest import (TPLAY, check, ffmpeg, path, run_tests, status_time)
from tmux import Tmux, sgr

ENV = {'TERM': 'tmux-256color', 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8'}

# (text, start, end) of cues.srt, in seconds.
CUES = [('Alpha cue', 1.0, 4.0), ('Bravo slanted cue', 5.0, 6.0)]


def srt(name, cues):
    """A SubRip file of cues [(text, start, end)] in WORK."""
    def stamp(t):
        ms = int(round(t * 1000))
        return '%02d:%02d:%02d,%03d' % (ms // 3600000, ms // 60000 % 60,
                                        ms // 1000 % 60, ms % 1000)
    f = path(name)
    with open(f, 'w', encoding='utf-8') as out:
        for i, (text, start, end) in enumerate(cues):
            out.write('%d\n%s --> %s\n%s\n\n' % (i + 1, stamp(start),
                                                 stamp(end), text))
    return f


def cue_srt():
    return srt('cues.srt', [('Alpha cue', 1.0, 4.0),
                            ('Bravo <i>slanted</i> cue', 5.0, 6.0)])


def clip(name, video, duration=8):
    """A clip with cues.srt as its subtitle track: video 'testsrc2' at
    some rate, 'black', or None (sound only, an MKA)."""
    args = []
    if video:
        args += ['-f', 'lavfi', '-i', video]
    args += ['-f', 'lavfi', '-i',
             'sine=frequency=440:sample_rate=48000:duration=%d' % duration,
             '-i', cue_srt()]
    n = 1 if video else 0
    args += (['-map', '0:v'] if video else []) + [
        '-map', '%d:a' % n, '-map', '%d:s' % (n + 1), '-c:a', 'libopus',
        '-c:s', 'srt', '-metadata:s:s:0', 'language=eng']
    if video:
        args += ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt',
                 'yuv420p']
    return ffmpeg(name, args)


def start(name, f, extra='', width=100, height=32, raw=None):
    t = Tmux(name, width, height)
    cmd = '%s --mpv-opt ao=null --slang en %s %s' % (
        shlex.quote(TPLAY), extra, shlex.quote(f))
    if raw:
        t.start_recorded(cmd, raw, env=ENV)
    else:
        t.start('exec ' + cmd, env=ENV)
    return t


def follow(t, cues, what):
    """Read the screen until the file ends: a cue's text shows only while
    the status time (whole seconds, from the same capture) is inside its
    interval, it is gone a second after its end, and each cue was seen."""
    seen = set()

    def judge(s):
        now = status_time(s)
        for text, begin, end in cues:
            # The status shows whole seconds of the last time-pos, which
            # libmpv may report a moment after the cue: 0.2 s of slack.
            if text in s:
                check(int(begin - 0.2) <= now <= int(end + 0.2),
                      '%s: "%s" (%.1f-%.1f s) shown at %d s:\n%s'
                      % (what, text, begin, end, now, s))
                seen.add(text)
            # A cue is taken away at its end on the player's clock, which
            # runs ahead of the status's last time-pos: required only
            # while the whole second shown is inside it.
            elif now >= 0 and begin + 0.3 <= now and now + 1 < end:
                raise AssertionError('%s: "%s" missing at %d s:\n%s'
                                     % (what, text, now, s))
        return 'ended' in s
    t.wait_for(judge, '%s: the end of the file' % what, timeout=30)
    check(seen == set(c[0] for c in cues), '%s: cues seen: %s'
          % (what, sorted(seen)))


def test_cues_on_time_at_25_fps():
    f = clip('sub25.mkv', 'testsrc2=size=320x180:rate=25:duration=8')
    t = start('sub25', f)
    try:
        follow(t, CUES, '25 fps')
    finally:
        t.kill()


def test_cues_on_time_at_2_fps():
    f = clip('sub2.mkv', 'testsrc2=size=320x180:rate=2:duration=8')
    t = start('sub2', f)
    try:
        follow(t, CUES, '2 fps')
    finally:
        t.kill()


def test_cues_on_time_with_no_picture():
    f = clip('subaudio.mka', None)
    t = start('subaudio', f)
    try:
        follow(t, CUES, 'sound only')
    finally:
        t.kill()


def test_sidecars_in_other_encodings_show_as_utf8():
    for enc, text in (('latin-1', 'Gr\u00fc\u00dfe aus K\u00f6ln'),
                      ('cp1251', '\u041f\u0440\u0438\u0432\u0435\u0442 '
                                 '\u043c\u0438\u0440')):
        d = path('side-' + enc)
        os.makedirs(d, exist_ok=True)
        f = os.path.join(d, 'film.mkv')
        if not os.path.exists(f):
            os.rename(ffmpeg('side-%s.mkv' % enc, [
                '-f', 'lavfi', '-i',
                'color=black:size=320x180:rate=25:duration=20',
                '-f', 'lavfi', '-i', 'sine=frequency=440:duration=20',
                '-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-preset',
                'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'libopus']), f)
        with open(os.path.join(d, 'film.en.srt'), 'wb') as out:
            out.write(('1\n00:00:00,500 --> 00:00:20,000\n%s\n\n'
                       % text).encode(enc))
        t = start('side-' + enc, f)
        try:
            t.wait_for(lambda s: text in s, 'the %s cue in UTF-8' % enc)
        finally:
            t.kill()


def test_italic_cue_is_italic():
    f = clip('subital.mkv', 'testsrc2=size=320x180:rate=25:duration=8')
    t = start('subital', f)
    try:
        s = t.wait_for(lambda s: 'slanted' in s, 'the italic cue',
                       escapes=True)
        line = [l for l in s.splitlines() if 'slanted' in l][0]
        # tmux writes the attributes in force before the word: 3 is italic
        head = line[:line.index('slanted')]
        tail = line[line.index('slanted'):]
        check('\x1b[3m' in head, 'no italic before "slanted": %r' % line)
        check('Bravo' in line and 'cue' in tail, 'cue cut: %r' % line)
        plain = line[line.index('Bravo'):line.index('slanted')]
        check('\x1b[3m' not in plain.split('Bravo', 1)[0],
              '"Bravo" italic too: %r' % line)
    finally:
        t.kill()


def test_cue_escape_sequences_never_reach_the_terminal():
    f = path('subhostile.mkv')
    if not os.path.exists(f):
        sub = srt('hostile.srt', [
            ('wipe\x1b[2Jend \x1b]52;c;cHduZWQ=\x07clip '
             'c1\u009b31mred\u009d0;t\u009c done', 0.5, 20.0)])
        ffmpeg('subhostile.mkv', [
            '-f', 'lavfi', '-i', 'color=black:size=320x180:rate=25:duration=20',
            '-f', 'lavfi', '-i', 'sine=frequency=440:duration=20',
            '-i', sub, '-map', '0:v', '-map', '1:a', '-map', '2:s',
            '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
            '-c:a', 'libopus', '-c:s', 'srt', '-metadata:s:s:0', 'language=eng'])
    raw = path('subhostile.pty')
    t = start('subhostile', f, raw=raw)
    try:
        s = t.wait_for(lambda s: 'done' in s, 'the hostile cue')
        check('^[' not in s, 'curses had to escape a raw control:\n' + s)
        t.keys('q')
        out = t.recorded(raw)
        for seen in (b'[2Jend', b']52;c;cHduZWQ=clip', b'c131mred0;t done'):
            check(seen in out, '%r not in the %d bytes recorded'
                  % (seen, len(out)))
        for bad in (b'\x1b[2Jend', b'\x1b]52', b'\x07', '\u009b'.encode(),
                    '\u009d'.encode(), '\u009c'.encode()):
            check(bad not in out, '%r written to the terminal' % bad)
    finally:
        t.kill()


def black_clip():
    f = path('subblack.mkv')
    if not os.path.exists(f):
        sub = srt('long.srt', [('WIDE WHITE WORDS HERE', 0.2, 30.0)])
        ger = srt('long.de.srt', [('Hallo auf Deutsch', 0.2, 30.0)])
        ffmpeg('subblack.mkv', [
            '-f', 'lavfi', '-i', 'color=black:size=640x360:rate=25:duration=30',
            '-f', 'lavfi', '-i', 'sine=frequency=440:duration=30',
            '-i', sub, '-i', ger,
            '-map', '0:v', '-map', '1:a', '-map', '2:s', '-map', '3:s',
            '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
            '-c:a', 'libopus', '-c:s', 'srt',
            '-metadata:s:s:0', 'language=eng',
            '-metadata:s:s:1', 'language=ger'])
    return f


def picture_rows(s, skip):
    """The rows above the track panel, but those holding skip."""
    rows = s.split('Audio tracks')[0].splitlines()
    return [r for r in rows if skip not in r]


BLACK = (None, (5, 0), (5, 16), (2, 0, 0, 0), (40,))


def lit(row):
    """Whether a row of capture-pane -e output shows anything but black:
    a glyph, or a cell coloured other than black (half blocks draw a
    one-colour cell as a blank on that colour)."""
    state = {}
    for m in re.finditer('\x1b\\[([0-9;]*)m|([^\x1b])', row):
        if m.group(2) is None:
            sgr(state, m.group(1))
        elif m.group(2) != ' ' or state.get('bg') not in BLACK:
            return True
    return False


def picture_lit(t, skip):
    """The rows of the picture (above the panel, but those holding skip)
    that show anything, read with their colours."""
    esc = t.screen(escapes=True)
    return [r for r in picture_rows(esc, skip) if lit(r)]


def test_no_subtitle_pixels_in_the_picture():
    for where in ('below', 'over'):
        conf = path('sub-%s.conf' % where)
        with open(conf, 'w') as out:
            out.write('[subtitles]\nposition = %s\n' % where)
        t = start('subpix-' + where, black_clip(), '--config %s' % conf)
        try:
            s = t.wait_for(lambda s: 'WIDE WHITE WORDS HERE' in s and
                           status_time(s) >= 2, 'the cue, and frames')
            s = t.screen()
            shown = picture_lit(t, 'WIDE WHITE WORDS HERE')
            check(shown == [], '%s: something in the black picture:\n%s\n%r'
                  % (where, s, shown))
        finally:
            t.kill()


def text_marks(s):
    """The marks of the panel's text track rows, in order ('x' shown,
    '2' secondary, '-' not)."""
    rows = s.split('Subtitles (')[1].splitlines()[1:] if 'Subtitles (' in s \
        else []
    return ''.join({'[x]': 'x', '[2]': '2', '[ ]': '-'}[r[:3]]
                   for r in rows if r[:3] in ('[x]', '[2]', '[ ]'))


def test_keys_cycle_hide_and_delay():
    t = start('subkeys', black_clip())
    try:
        t.wait_for(lambda s: 'WIDE WHITE WORDS HERE' in s and
                   'Subtitles (2)' in s and text_marks(s) == 'x-',
                   'the English cue, its row marked')
        t.keys('j')
        t.wait_for(lambda s: 'subtitles: 2/2 German' in s and
                   'Hallo auf Deutsch' in s and 'WIDE WHITE' not in s and
                   text_marks(s) == '-x',
                   'the German track after j, its row marked')
        t.keys('j')
        t.wait_for(lambda s: 'subtitles off' in s and 'Hallo' not in s and
                   text_marks(s) == '--',
                   'no subtitles after the second j')
        t.keys('J')
        t.wait_for(lambda s: 'subtitles: 2/2 German' in s and
                   'Hallo auf Deutsch' in s, 'German again after J')
        t.keys('v')
        t.wait_for(lambda s: 'subtitles hidden' in s and 'Hallo' not in s,
                   'hidden after v')
        t.keys('v')
        t.wait_for(lambda s: 'subtitles shown' in s and 'Hallo' in s,
                   'shown again after v')
        t.keys('z')
        t.wait_for(lambda s: 'sub -0.1 s' in s, 'the delay after z')
        t.keys('Z', 'Z', 'Z')
        t.wait_for(lambda s: 'sub +0.2 s' in s, 'the delay after Z Z Z')
        t.keys('z', 'z')
        t.wait_for(lambda s: 'sub ' not in s.splitlines()[-3] and
                   'sub +' not in s and 'sub -' not in s,
                   'no delay shown at 0')
    finally:
        t.kill()


ASS_HEAD = """[Script Info]
ScriptType: v4.00+
PlayResX: 384
PlayResY: 288

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, \
OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, \
ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, \
MarginR, MarginV, Encoding
Style: Default,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,\
0,100,100,0,0,1,1,0,2,10,10,10,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, \
Text
"""


def test_ass_top_and_bold():
    f = path('subtop.mkv')
    if not os.path.exists(f):
        ass = path('top.ass')
        with open(ass, 'w') as out:
            out.write(ASS_HEAD + 'Dialogue: 0,0:00:00.20,0:00:30.00,Default,'
                      ',0,0,0,,{\\an8}Topline {\\b1}heavy{\\b0} words\n')
        ffmpeg('subtop.mkv', [
            '-f', 'lavfi', '-i', 'color=black:size=640x360:rate=25:duration=30',
            '-f', 'lavfi', '-i', 'sine=frequency=440:duration=30',
            '-i', ass, '-map', '0:v', '-map', '1:a', '-map', '2:s',
            '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
            '-c:a', 'libopus', '-c:s', 'ass', '-metadata:s:s:0', 'language=eng'])
    t = start('subtop', f)
    try:
        s = t.wait_for(lambda s: 'Topline heavy words' in s, 'the top cue')
        rows = s.splitlines()
        at = [i for i, r in enumerate(rows) if 'Topline' in r][0]
        panel = [i for i, r in enumerate(rows) if 'Audio tracks' in r][0]
        # the picture is the rows above the panel, less the two cue rows
        check(at < (panel - 2) // 2, 'the top cue on row %d of %d:\n%s'
              % (at, panel, s))
        esc = t.screen(escapes=True)
        line = [l for l in esc.splitlines() if 'heavy' in l][0]
        before = line[line.index('Topline'):line.index('heavy')]
        check('\x1b[1m' in before, 'no bold before "heavy": %r' % line)
        check('\x1b[1m' not in line[:line.index('Topline')],
              '"Topline" bold too: %r' % line)
    finally:
        t.kill()


def test_long_cue_wraps_at_words_by_display_width():
    words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot',
             'golf', '\u65e5\u672c\u8a9e\u306e\u5b57\u5e55\u3067\u3059',
             'hotel', 'e\u0301cole', 'india']
    f = path('subwrap.mkv')
    if not os.path.exists(f):
        sub = srt('wrap.srt', [(' '.join(words), 0.2, 30.0)])
        ffmpeg('subwrap.mkv', [
            '-f', 'lavfi', '-i', 'color=black:size=640x360:rate=25:duration=30',
            '-f', 'lavfi', '-i', 'sine=frequency=440:duration=30',
            '-i', sub, '-map', '0:v', '-map', '1:a', '-map', '2:s',
            '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
            '-c:a', 'libopus', '-c:s', 'srt', '-metadata:s:s:0', 'language=eng'])
    t = start('subwrap', f, width=40, height=30)
    try:
        s = t.wait_for(lambda s: 'alpha' in s and 'india' in s,
                       'the whole cue')
        rows = [r for r in s.splitlines()
                if any(w in r for w in words)]
        check(len(rows) >= 2, 'not wrapped:\n' + s)
        got = ' '.join(r.strip() for r in rows)
        check(got == ' '.join(words), 'words cut or lost: %r' % got)
        for r in rows:
            # centred: as many blanks either side, give or take one
            left = len(r) - len(r.lstrip())
            right = 40 - left - sum(2 if '\u3040' <= c <= '\u9fff' else
                                    0 if c == '\u0301' else 1
                                    for c in r.strip())
            check(abs(left - right) <= 1, 'not centred: %r' % r)
    finally:
        t.kill()


def test_secondary_cue_above_in_another_colour():
    conf = path('sub-secondary.input.conf')
    with open(conf, 'w') as out:
        out.write('s cycle secondary-sid\n')
    cfg = path('sub-secondary.conf')
    with open(cfg, 'w') as out:
        out.write('[subtitles]\nsecondary = de\n')
    t = start('subsec', black_clip(), '--config %s --input-conf %s'
              % (cfg, conf))
    try:
        s = t.wait_for(lambda s: 'WIDE WHITE WORDS HERE' in s and
                       'Hallo auf Deutsch' in s, 'both cues')
        rows = s.splitlines()
        one = [i for i, r in enumerate(rows) if 'WIDE WHITE' in r][0]
        two = [i for i, r in enumerate(rows) if 'Hallo auf' in r][0]
        check(two < one, 'the secondary cue is not above:\n' + s)
        esc = t.screen(escapes=True)
        line = [l for l in esc.splitlines() if 'Hallo' in l][0]
        check(re.search(r'\x1b\[[0-9;]*33m', line[:line.index('Hallo')]),
              'the secondary cue is not yellow: %r' % line)
        line = [l for l in esc.splitlines() if 'WIDE' in l][0]
        check(not re.search(r'\x1b\[[0-9;]*33m', line),
              'the primary cue is yellow: %r' % line)
        t.keys('s')
        t.wait_for(lambda s: 'secondary subtitles' in s, 'what s did')
    finally:
        t.kill()


def pgs(name, width, height, box, start, end):
    """A PGS (.sup) stream of one cue: a white box (x, y, w, h) from start
    to end seconds on a width x height picture, written by hand since
    ffmpeg encodes no text to bitmaps (segments as in the Blu-ray spec:
    presentation, window, palette, object, end)."""
    import struct

    def seg(kind, pts, payload):
        return b'PG' + struct.pack('>IIBH', pts, 0, kind, len(payload)) + \
            payload

    def display_set(t, obj):
        pts = int(t * 90000)
        pcs = struct.pack('>HHBHBBBB', width, height, 0x10, 0,
                          0x80 if obj else 0, 0, 0, 1 if obj else 0)
        if not obj:
            return (seg(0x16, pts, pcs) +
                    seg(0x17, pts, struct.pack('>BBHHHH', 1, 0, 0, 0, 1, 1)) +
                    seg(0x80, pts, b''))
        x, y, w, h = obj
        # each row: a run of w pixels of colour 1, then the row's end
        rle = (b'\x00' + bytes([0xC0 | (w >> 8), w & 0xFF, 1]) +
               b'\x00\x00') * h
        ods = (struct.pack('>HBB', 0, 0, 0xC0) +
               struct.pack('>I', len(rle) + 4)[1:] +
               struct.pack('>HH', w, h) + rle)
        return (seg(0x16, pts, pcs + struct.pack('>HBBHH', 0, 0, 0, x, y)) +
                seg(0x17, pts, struct.pack('>BBHHHH', 1, 0, x, y, w, h)) +
                seg(0x14, pts, bytes([0, 0, 1, 235, 128, 128, 255])) +
                seg(0x15, pts, ods) + seg(0x80, pts, b''))
    f = path(name)
    with open(f, 'wb') as out:
        out.write(display_set(start, box) + display_set(end, None))
    return f


def test_bitmap_subtitles_stay_in_the_picture_and_are_told():
    f = path('subpgs.mkv')
    if not os.path.exists(f):
        sup = pgs('box.sup', 640, 360, (120, 260, 400, 60), 0.5, 20.0)
        ffmpeg('subpgs.mkv', [
            '-f', 'lavfi', '-i', 'color=black:size=640x360:rate=25:duration=25',
            '-f', 'lavfi', '-i', 'sine=frequency=440:duration=25',
            '-i', sup, '-map', '0:v', '-map', '1:a', '-map', '2:s',
            '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
            '-c:a', 'libopus', '-c:s', 'copy', '-metadata:s:s:0', 'language=eng'])
    t = start('subpgs', f)
    try:
        # libmpv draws the box into the black picture: cells with glyphs
        s = t.wait_for(lambda s: 'this track is pictures' in s and
                       picture_lit(t, '\0'),
                       'the box in the picture, and the message')
        check(s.count('this track is pictures') == 1, 'said twice:\n' + s)
    finally:
        t.kill()


def test_over_the_picture_the_picture_goes_on_around_the_cue():
    conf = path('sub-over.conf')
    with open(conf, 'w') as out:
        out.write('[subtitles]\nposition = over\n')
    f = clip('sub25.mkv', 'testsrc2=size=320x180:rate=25:duration=8')
    t = start('subover', f, '--config %s' % conf)
    try:
        s = t.wait_for(lambda s: 'Alpha cue' in s, 'the cue')
        esc = t.screen(escapes=True)
        line = [l for l in esc.splitlines() if 'Alpha cue' in l][0]
        left, right = line.split('Alpha cue')
        # testsrc2's last rows hold its moving gradient: coloured cells
        check(lit(left) and lit(right), 'no picture beside the cue '
              'over it: %r' % line)
        # and it is gone in time, the row given back to the picture
        s = t.wait_for(lambda s: status_time(s) >= 5, 'the cue over')
        check('Alpha cue' not in s, 'the cue stayed:\n' + s)
    finally:
        t.kill()


run_tests(globals())
