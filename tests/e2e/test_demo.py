#!/usr/bin/env python3
"""End to end: the demo script makes the clip the README promises."""
import json
import os

from tplaytest import ROOT, eq, path, run, run_tests, tplay


def test_demo_clip_has_four_tracks_of_different_language_and_kind():
    out = path('demo.mkv')
    r = run([os.path.join(ROOT, 'share/demo/make-demo.sh'), out], timeout=120)
    eq(r.returncode, 0, 'make-demo.sh status (%s)' % r.stderr)
    r = tplay('--list-tracks', out)
    eq(r.returncode, 0, 'listing status')
    tracks = json.loads(r.stdout)['audioTracks']
    eq([(t['id'], t['kind'], t['label'], t['language'], t['enabled'],
         t['flags']) for t in tracks], [
        ('2', 'main', 'English', 'en', True, ['default', 'original']),
        ('3', 'translation', 'Deutsch (Übersetzung)', 'de', False, []),
        ('4', 'commentary', "Director's commentary", 'en', False,
         ['commentary']),
        ('5', 'main-desc', 'Audio description', 'en', False,
         ['visual-impaired']),
    ], 'demo tracks')


if __name__ == '__main__':
    run_tests(globals())
