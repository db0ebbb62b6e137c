#!/usr/bin/env python3
"""keys_gen.py: the man page's KEYS section from share/input.conf, the
default bindings tplay has built in.  `python3 share/man/keys_gen.py
--update` rewrites the section in share/man/tplay.1; test_docs.py checks
that it is in step."""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CONF = os.path.join(HERE, '..', 'input.conf')
MAN = os.path.join(HERE, 'tplay.1')


def roff(text):
    text = text.replace('\\', '\\e').replace('-', '\\-')
    return ('\\&' + text) if text[:1] in '.\'' else text


def bindings():
    """(group, [(keys, section, command, help)]) in the file's order, keys
    that do the same thing merged."""
    groups = []
    for line in open(CONF, encoding='utf-8'):
        line = line.rstrip('\n')
        if line.startswith('## '):
            groups.append((line[3:], []))
            continue
        body, _, comment = line.partition(' #')
        if not body.strip() or body.lstrip().startswith('#'):
            continue
        key, rest = body.split(None, 1)
        section = ''
        m = re.match(r'\{(\w+)\}\s*(.*)', rest)
        if m:
            section, rest = m.group(1), m.group(2)
        entry = (section, rest.strip(), comment.strip())
        rows = groups[-1][1]
        for row in rows:
            if row[1:] == entry:
                row[0].append(key)
                break
        else:
            rows.append(([key],) + entry)
    return groups


def section_text():
    out = ['.SH KEYS',
           'The defaults, built in from \\fBshare/input.conf\\fR; '
           '\\fB~/.config/tplay/input.conf\\fR (or \\fB\\-\\-input\\-conf\\fR) '
           'replaces any of them in mpv\'s syntax (see \\fBINPUT.CONF\\fR), '
           'and \\fBtplay \\-\\-list\\-keys\\fR prints those in force.  '
           'Keys are written as there: \\fBSPACE\\fR, \\fBENTER\\fR, '
           '\\fBPGUP\\fR, \\fBShift+RIGHT\\fR, \\fBAlt+1\\fR, \\fBCtrl+l\\fR.']
    for title, rows in bindings():
        out.append('.SS %s' % title)
        for keys, section, command, help_ in rows:
            out.append('.TP')
            out.append('.B %s' % roff(', '.join(keys)))
            out.append('%s (\\fB%s\\fR).' % (roff(help_[:1].upper() + help_[1:]),
                                             roff(command)))
    return '\n'.join(out) + '\n'


def main():
    text = section_text()
    if sys.argv[1:] == ['--update']:
        man = open(MAN).read()
        man = re.sub(r'^\.SH KEYS\n.*?(?=^\.SH )', lambda m: text, man,
                     flags=re.M | re.S)
        open(MAN, 'w').write(man)
    else:
        sys.stdout.write(text)


if __name__ == '__main__':
    main()
