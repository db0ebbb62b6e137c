#!/usr/bin/env python3
"""End to end: the documentation says what the program does.  The options
of --help, the man page, the README and the bash completion are the same
set; the man page's settings are the shipped tplay.conf's, with the same
defaults (test_settings ties that file to the settings table); the keys of the help box (read off the running player), the man page
and the README are the same set; the man page renders without a troff
warning; the completion completes options and their values."""
import os
import re
import shlex
import subprocess

from tplaytest import (ROOT, TPLAY, check, eq, ffmpeg, path, run, run_tests,
                       sines)
from tmux import Tmux

MAN = os.path.join(ROOT, 'share', 'man', 'tplay.1')
CONF = os.path.join(ROOT, 'config', 'tplay.conf')
README = os.path.join(ROOT, 'README.md')
COMPLETION = os.path.join(ROOT, 'share', 'completions', 'tplay.bash')
ENV = {'TERM': 'tmux-256color', 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8'}
OPTION = re.compile(r'(?<![\w-])(--[a-z][a-z-]*[a-z]|-[hV])\b')
# The help box draws arrows; the man page names them.
ARROWS = {'\u2190': 'Left', '\u2192': 'Right', '\u2191': 'Up',
          '\u2193': 'Down'}


def man_section(name):
    """The roff source of one .SH section of the man page."""
    text = open(MAN).read()
    m = re.search(r'^\.SH %s\n(.*?)(?=^\.SH |\Z)' % name, text, re.M | re.S)
    check(m, 'man page section %s' % name)
    return m.group(1)


def man_tags(name):
    """The .TP tags of a man page section, as the words they show."""
    lines = man_section(name).split('\n')
    tags = []
    for i, line in enumerate(lines[:-1]):
        if line == '.TP':
            tag = lines[i + 1]
            macro, _, args = tag.partition(' ')
            words = shlex.split(args.replace('\\-', '-'))
            # .BR/.BI alternate fonts: the odd words are separators.
            tags.append(words if macro == '.B' else
                        [w if n % 2 == 0 else ' %s ' % w.strip()
                         for n, w in enumerate(words)])
    return tags


def readme_table(heading, first):
    """The first column of the README table under heading whose header
    row starts with first."""
    text = open(README).read()
    m = re.search(r'^#+ %s\n.*?^\| %s \|[^\n]*\n\| --- [^\n]*\n'
                  r'((?:\|[^\n]*\n)+)'
                  % (re.escape(heading), first), text, re.M | re.S)
    check(m, 'README table under %r' % heading)
    return [row.split('|')[1].strip() for row in m.group(1).splitlines()]


def key_set(cells):
    """The keys a list of key cells names: "9 0, - +", "← / →", "1 … 8"
    (a range), "space, `p`"."""
    keys = set()
    for cell in cells:
        cell = cell.replace('`', '').replace('\u2026', '...')
        cell = re.sub(r'(\d)\s*\.\.\.\s*(\d)', lambda m: ' '.join(
            str(d) for d in range(int(m.group(1)), int(m.group(2)) + 1)),
            cell)
        for word in re.split(r'[\s,]+', cell.replace(' / ', ' ')):
            if word:
                keys.add(ARROWS.get(word, word))
    return keys


def test_options_agree_across_help_man_readme_and_completion():
    r = run([TPLAY, '--help'])
    eq(r.returncode, 0, '--help status')
    helped = set(OPTION.findall(r.stdout.decode()))
    check('--list-tracks' in helped and '--mic-volume' in helped,
          'options found in --help: %s' % sorted(helped))
    man = {w for tag in man_tags('OPTIONS') for w in tag
           if OPTION.fullmatch(w.strip())}
    eq(sorted(man), sorted(helped), 'man page OPTIONS against --help')
    readme = {o for cell in readme_table('Usage', 'option')
              for o in OPTION.findall(cell)}
    eq(sorted(readme), sorted(helped), 'README options against --help')
    completed = set(complete('tplay', '-'))
    eq(sorted(completed), sorted(o for o in helped if o.startswith('--')),
       'bash completion of "-" against --help')


def conf_settings():
    """{(section, key): value} of the shipped tplay.conf."""
    settings, section = {}, None
    for line in open(CONF):
        line = line.strip()
        if not line or line[0] in '#;':
            continue
        if line.startswith('['):
            section = line[1:line.index(']')]
            continue
        key, _, value = line.partition('=')
        settings[(section, key.strip())] = value.strip()
    return settings


def man_settings():
    """{(section, key): text} of the man page's CONFIGURATION, the text
    with its font changes removed and its blanks collapsed."""
    settings = {}
    parts = re.split(r'^\.SS \[([a-z]+)\]\n', man_section('CONFIGURATION'),
                     flags=re.M)
    for section, body in zip(parts[1::2], parts[2::2]):
        for m in re.finditer(r'^\.TP\n\.B (\S+)\n(.*?)(?=^\.TP|\Z)', body,
                             re.M | re.S):
            text = re.sub(r'\\f[BIR]', '', m.group(2)).replace('\\-', '-')
            settings[(section, m.group(1).replace('\\-', '-'))] = ' '.join(
                text.split())
    return settings


def test_the_man_page_has_every_setting_and_its_default():
    conf, man = conf_settings(), man_settings()
    eq(sorted(man), sorted(conf), 'man page CONFIGURATION against '
       'config/tplay.conf')
    for (section, key), value in conf.items():
        want = 'default %s' % (value or 'none')
        check(want in man[(section, key)], '[%s] %s: %r not in %r'
              % (section, key, want, man[(section, key)]))


def complete(*words):
    """What the bash completion offers for the last of words."""
    script = ('source %s; COMP_WORDS=(%s); COMP_CWORD=%d; _tplay; '
              'printf "%%s\\n" "${COMPREPLY[@]}"'
              % (shlex.quote(COMPLETION),
                 ' '.join(shlex.quote(w) for w in words), len(words) - 1))
    r = subprocess.run(['bash', '-c', script], capture_output=True,
                       timeout=20)
    eq(r.stderr.decode(), '', 'completion errors for %r' % (words,))
    return [w for w in r.stdout.decode().split('\n') if w]


def test_bash_completion_completes_values():
    eq(sorted(complete('tplay', '--mic-p')),
       ['--mic-period', '--mic-periods'], 'options by prefix')
    eq(sorted(complete('tplay', '--alang', 'pt')), ['pt', 'pt-BR'],
       'languages after --alang')
    eq(complete('tplay', '--mic-gain', ''), [], 'no guess at a number')
    check('ao=' in complete('tplay', '--mpv-opt', 'a'), 'libmpv options')
    folder = path('complete')
    os.makedirs(folder, exist_ok=True)
    for name in ('film.mkv', 'film.ogg', 'notes.txt'):
        open(os.path.join(folder, name), 'w').close()
    stem = os.path.join(folder, 'fi')
    eq(sorted(complete('tplay', stem)), [stem + 'lm.mkv', stem + 'lm.ogg'],
       'file names')


def test_the_man_page_renders_without_warnings():
    for width in (58, 78, 118):
        r = run(['groff', '-t', '-man', '-Tutf8', '-ww', '-z',
                 '-rLL=%dn' % width, MAN])
        eq((r.returncode, r.stderr.decode()), (0, ''),
           'groff at %d columns' % width)


def help_box_keys():
    """The key column of the help box, read off the running player."""
    f = ffmpeg('docs.mkv', sines([440], duration=10) + ['-c:a', 'libopus'])
    t = Tmux('docs', 100, 40)
    t.start('exec %s --no-config --mpv-opt ao=null %s'
            % (shlex.quote(TPLAY), shlex.quote(f)), env=ENV)
    try:
        t.wait_for(lambda s: 'Audio tracks' in s, 'the player')
        t.keys('?')
        s = t.wait_for(lambda s: 'tplay keys' in s and 'quit' in s,
                       'the help box')
        t.keys('q', 'q')
        t.wait_var('pane_dead', '1')
    finally:
        t.kill()
    rows = [l for l in s.split('\n') if l.count('\u2502') == 2]
    inside = [l.split('\u2502')[1] for l in rows]
    # Inside the border: a space, then the keys in 16 columns.
    return [l[1:17].strip() for l in inside[1:] if l[1:17].strip()]


def test_keys_agree_across_the_help_box_man_and_readme():
    shown = key_set(help_box_keys())
    check({'q', '?', 'Left', 'Up', '1', '8', '+', 'M'} <= shown,
          'keys read off the help box: %s' % sorted(shown))
    man = key_set(''.join(tag) for tag in man_tags('KEYS'))
    readme = key_set(readme_table('Keys', 'key'))
    # Ctrl-Z is the terminal's, not tplay's: the help box leaves it out.
    eq(sorted(man - {'Ctrl-Z'}), sorted(shown), 'man page KEYS against the '
       'help box')
    eq(sorted(readme - {'Ctrl-Z'}), sorted(shown), 'README keys against '
       'the help box')


if __name__ == '__main__':
    run_tests(globals())
