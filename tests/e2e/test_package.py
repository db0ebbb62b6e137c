#!/usr/bin/env python3
"""End to end: the Debian package.  A copy of the source tree as it stands
(committed or not) builds with dpkg-buildpackage; lintian finds no error
in the .deb; the .deb holds what make install installs, depends on the
libraries tplay links, and its tplay, unpacked anywhere, runs and names
the package's version.  The package builds as a user would build it,
`dpkg-buildpackage -b -us -uc` with no option: so its own run of the unit
tests (debian/rules), under Debian's hardening flags (_FORTIFY_SOURCE
caught a test's too small realpath buffer that make check's flags did
not), is part of it."""
import glob
import os
import shutil
import subprocess

from tplaytest import ROOT, check, eq, path, run, run_tests, slow
from test_install import INSTALLED, ZSH_LOCAL, ZSH_PACKAGE

# Files the package has that make install does not put there.
DEBIAN_ONLY = {'usr/share/doc/tplay/copyright',
               'usr/share/doc/tplay/changelog.gz'}


def source_files():
    """The tree's files by path: git's own and new ones not ignored (the
    build folders are), as they are on disk; every file but build/ when
    the tree is not a git checkout."""
    r = run(['git', '-C', ROOT, 'ls-files', '-z', '--cached', '--others',
             '--exclude-standard'])
    if r.returncode == 0:
        files = [f for f in r.stdout.decode().split('\0') if f]
        # Deleted but not yet committed: gone from the tree.
        return [f for f in files if os.path.lexists(os.path.join(ROOT, f))]
    files = []
    for folder, dirs, names in os.walk(ROOT):
        if folder == ROOT:
            dirs[:] = [d for d in dirs if d not in ('.git', 'build')]
        files += [os.path.relpath(os.path.join(folder, n), ROOT)
                  for n in names]
    return files


def copy_tree(dest):
    for f in source_files():
        target = os.path.join(dest, f)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(os.path.join(ROOT, f), target, follow_symlinks=False)


def build_package():
    """Build the binary package in a copy of the tree; its .deb."""
    top = path('package')
    src = os.path.join(top, 'tplay')
    copy_tree(src)
    env = dict(os.environ)
    env.pop('DEB_BUILD_OPTIONS', None)
    # Not the make that may have started these tests: its variables and
    # job server are not the package build's.
    for var in ('MAKEFLAGS', 'MFLAGS', 'MAKELEVEL'):
        env.pop(var, None)
    r = run(['dpkg-buildpackage', '-b', '-us', '-uc'], cwd=src, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            capture_output=False, timeout=slow(600))
    out = r.stdout.decode(errors='replace')
    eq(r.returncode, 0, 'dpkg-buildpackage; its output ends:\n%s\n'
       % out[-4000:])
    debs = glob.glob(os.path.join(top, 'tplay_*.deb'))
    eq(len(debs), 1, 'tplay_*.deb built in %s: %s' % (top, debs))
    return debs[0]


def test_the_debian_package_builds_lints_clean_and_runs():
    deb = build_package()

    r = run(['lintian', deb], timeout=slow(300))
    report = r.stdout.decode(errors='replace')
    errors = [l for l in report.splitlines() if l.startswith('E:')]
    check(not errors, 'lintian errors in %s:\n%s' % (deb, report))

    r = run(['dpkg-deb', '-f', deb, 'Version', 'Depends'])
    eq(r.returncode, 0, 'dpkg-deb -f: %s' % r.stderr.decode())
    fields = dict(l.split(': ', 1) for l in r.stdout.decode().splitlines())
    for lib in ('libmpv', 'libncursesw', 'libasound2'):
        check(lib in fields['Depends'], 'Depends names %s: %s'
              % (lib, fields['Depends']))

    root = path('package-root')
    r = run(['dpkg-deb', '-x', deb, root])
    eq(r.returncode, 0, 'dpkg-deb -x: %s' % r.stderr.decode())
    held = {os.path.relpath(os.path.join(d, n), root)
            for d, _, names in os.walk(root) for n in names}
    # dh_compress gzips the man page and the longer documents.
    want = {'usr/' + (ZSH_PACKAGE if f == ZSH_LOCAL else f)
            for f in INSTALLED} | DEBIAN_ONLY
    plain = {f[:-3] if f.endswith('.gz') and f not in DEBIAN_ONLY else f
             for f in held}
    eq(sorted(plain), sorted(want), 'files in %s' % os.path.basename(deb))

    r = run([os.path.join(root, 'usr', 'bin', 'tplay'), '--version'])
    eq((r.returncode, r.stdout.decode().strip(), r.stderr.decode()),
       (0, 'tplay %s' % fields['Version'], ''),
       "the package's tplay --version against the package's version "
       "(the Makefile's VERSION against debian/changelog)")


if __name__ == '__main__':
    run_tests(globals())
