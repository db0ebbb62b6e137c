#!/usr/bin/env python3
"""End to end: the documentation says what the program does.  The options
of --help, the man page, the README and the bash completion are the same
set; the man page's settings are the shipped tplay.conf's, with the same
defaults (test_settings ties that file to the settings table); the keys of
the help box (read off the running player), the man page and the README
are the same set; the man page renders without a troff warning; the
completion completes options and their values.  And the documents stay
split by audience: the README short (at most 12 KB) and saying how to set
up and test in two commands, the design and the track model in docs/, how
the tests work in tests/README.md, bench figures in bench/results.md only;
every relative link among them leads to a file (and a heading) that
exists."""
import glob
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
DOCS = os.path.join(ROOT, 'docs')
TESTS_README = os.path.join(ROOT, 'tests', 'README.md')
BENCH_RESULTS = os.path.join(ROOT, 'bench', 'results.md')
README_MAX_BYTES = 12 * 1024
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
    eq(sorted(complete('tplay', '--slang', 'pt')), ['pt', 'pt-BR'],
       'languages after --slang')
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


def test_man_keys_are_the_built_in_bindings():
    """The man page's KEYS section is made from share/input.conf, the
    bindings built into tplay (share/man/keys_gen.py): in step."""
    r = run(['python3', os.path.join(ROOT, 'share', 'man', 'keys_gen.py')])
    eq(r.returncode, 0, 'keys_gen.py status')
    eq(man_section('KEYS'), r.stdout.decode()[len('.SH KEYS\n'):],
       'the man page KEYS section against share/input.conf (run '
       'share/man/keys_gen.py --update)')


def test_readme_keys_are_bound_and_commands_documented():
    r = run([TPLAY, '--no-config', '--list-keys'],
            env=dict(os.environ, XDG_CONFIG_HOME=path('docs-keys.xdg')))
    eq(r.returncode, 0, '--list-keys status')
    bound = {l.split()[0] for l in r.stdout.decode().splitlines()
             if l and not l.startswith('#')}
    readme = set()
    for cell in readme_table('Keys', 'key'):
        cell = re.sub(r'(\d)\s*\u2026\s*(\d)', lambda m: ' '.join(
            str(d) for d in range(int(m.group(1)), int(m.group(2)) + 1)),
            cell.replace('`', ''))
        readme |= {w for w in re.split(r'[\s,/]+', cell) if w}
    eq(sorted(readme - bound), [], 'README keys that are not bound')
    # Every command of the table has its entry in the man page.
    src = open(os.path.join(ROOT, 'ui', 'commands.c')).read()
    table = src[src.index('commands_table[] = {'):]
    names = re.findall(r'^    \{ "([a-z-]+)",', table, re.M)
    check(len(names) > 15, 'commands found: %s' % names)
    doc = man_section('INPUT.CONF').replace('\\-', '-')
    eq([n for n in names if n not in doc], [],
       'commands missing from the man page INPUT.CONF section')


def markdown_files():
    """The documents a reader moves between: the README, docs/*.md and
    tests/README.md."""
    return [README] + sorted(glob.glob(os.path.join(DOCS, '*.md'))) + \
        [TESTS_README]


def prose(text):
    """Markdown text without its code: fenced blocks, indented blocks (four
    spaces; the lists here indent by two) and code spans."""
    text = re.sub(r'^```.*?^```[^\n]*$', '', text, flags=re.M | re.S)
    text = '\n'.join(l for l in text.split('\n')
                     if not l.startswith(('    ', '\t')))
    return re.sub(r'`[^`\n]*`', '', text)


def slug(heading):
    """GitHub's anchor for a heading: lower case, punctuation dropped
    (letters, digits, '-' and '_' kept), spaces made '-'."""
    text = heading.strip().lower().replace('`', '')
    text = re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', text)
    return re.sub(r'[^\w\- ]', '', text).replace(' ', '-')


def anchors(md):
    """The anchors of a markdown file's headings (a repeated one gets -1,
    -2, ... as GitHub numbers them)."""
    seen, out = {}, set()
    for m in re.finditer(r'^#+ (.*)$', prose(open(md).read()), re.M):
        base = slug(m.group(1))
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.add(base if n == 0 else '%s-%d' % (base, n))
    return out


def links(md):
    """The link targets of a markdown file, inline and reference ones."""
    text = prose(open(md).read())
    return (re.findall(r'\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)', text) +
            re.findall(r'^\s*\[[^\]]+\]:\s*(\S+)', text, re.M))


def test_readme_is_short_and_says_how_to_start():
    size = os.path.getsize(README)
    check(size <= README_MAX_BYTES, 'README.md is %d bytes, more than %d: '
          'move the details to docs/, tests/README.md or the man page'
          % (size, README_MAX_BYTES))
    text = open(README).read()
    for command in ('make demo', 'make check'):
        check(command in text, 'README.md does not say %r' % command)


def test_relative_links_lead_to_files_and_headings():
    bad = []
    for md in markdown_files():
        check(os.path.isfile(md), '%s is missing' % os.path.relpath(md, ROOT))
        for target in links(md):
            if re.match(r'[a-z][a-z0-9+.-]*:', target, re.I):
                continue  # https:, mailto:: not ours to check
            where, _, anchor = target.partition('#')
            dest = os.path.normpath(os.path.join(os.path.dirname(md), where)) \
                if where else md
            name = '%s: %s' % (os.path.relpath(md, ROOT), target)
            if not os.path.exists(dest):
                bad.append('%s (no such file)' % name)
            elif anchor and dest.endswith('.md') and \
                    anchor not in anchors(dest):
                bad.append('%s (no such heading)' % name)
            elif not dest.startswith(ROOT + os.sep):
                bad.append('%s (outside the source tree)' % name)
    eq(bad, [], 'broken relative links')


def test_docs_hold_the_design_the_track_model_and_the_tests():
    def headings(md):
        return {m.group(1).strip() for m in
                re.finditer(r'^#+ (.*)$', prose(open(md).read()), re.M)}

    tracks = os.path.join(DOCS, 'tracks.md')
    design = os.path.join(DOCS, 'design.md')
    mic = os.path.join(DOCS, 'mic.md')
    for md in (tracks, design, mic, TESTS_README, BENCH_RESULTS):
        check(os.path.isfile(md), '%s is missing' % os.path.relpath(md, ROOT))
    eq(sorted({'Where the fields come from', 'Track kinds', 'Language tags',
               'Which tracks start enabled'} - headings(tracks)), [],
       'the track model\'s rules missing from docs/tracks.md')
    text = open(design).read()
    for what in ('lavfi-complex', 'azmq', 'poll', 'Toggling and mixing',
                 'MPRIS', 'resume', 'input.conf'):
        check(what in text, 'docs/design.md does not explain %r' % what)
    text = open(mic).read()
    for what in ('real-time', 'lowshelf', 'never allocates', 'dmix'):
        check(what in text, 'docs/mic.md does not explain %r' % what)
    text = open(TESTS_README).read()
    for what in ('cmocka', 'tmux', 'ao=pcm', 'Goertzel', 'faulty.c',
                 'valgrind', 'TPLAY_TEST', 'TPLAY_BUILD', 'TPLAY_SLOW',
                 'never'):
        check(what in text, 'tests/README.md does not explain %r' % what)
    # The README is where a newcomer starts: each of them is a link away.
    linked = {os.path.normpath(os.path.join(ROOT, t.partition('#')[0]))
              for t in links(README)}
    wanted = markdown_files()[1:] + [BENCH_RESULTS]
    eq([os.path.relpath(md, ROOT) for md in wanted if md not in linked], [],
       'documents the README does not link to')


# A bench figure: a ratio ("1.94×", "0.17×", "6× fewer"; not "4×8" or
# "128 × 2"), or CPU time ("CPU s per s", "CPU-s").
BENCH_FIGURE = re.compile(r'\d(?:\.\d+)? ?\u00d7(?! ?\d)|\bCPU[ -]s\b')


def test_bench_figures_are_in_bench_results_only():
    found = [l for l in open(BENCH_RESULTS).read().split('\n')
             if BENCH_FIGURE.search(l)]
    check(len(found) >= 10, 'bench/results.md has %d lines of figures'
          % len(found))
    stray = ['%s: %s' % (os.path.relpath(md, ROOT), l.strip()[:80])
             for md in markdown_files()
             for l in open(md).read().split('\n') if BENCH_FIGURE.search(l)]
    eq(stray, [], 'bench figures outside bench/results.md')


if __name__ == '__main__':
    run_tests(globals())
