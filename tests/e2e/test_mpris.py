#!/usr/bin/env python3
"""End to end: MPRIS 2 on the session bus (src/mpris.c).  The engine
runs in tests/mpris/driver.c, a stand-in player with the poll() loop a UI
runs, on a session bus of the test's own (under dbus-run-session), and is
checked with the clients a desktop has: playerctl, busctl, gdbus monitor.
Every method reaches the player as the specification says (and those the
state rules out never do), every property reads right, PropertiesChanged
names exactly what changed, metadata leaves as valid UTF-8 with no
control character, a second player takes the .instance<PID> name, no
session bus is silence, and a bus that goes away turns MPRIS off with a
quiet line and no busy loop."""
import json
import os
import queue
import re
import select
import subprocess
import threading
import time
import xml.etree.ElementTree as ET

import shlex

from tmux import Tmux
from tplaytest import (BUILD, ROOT, TPLAY, VALGRIND, WORK, check, eq, ffmpeg,
                       path, run, run_tests, slow, status_time)

DRIVER = os.path.abspath(os.path.join(BUILD, 'tests', 'mpris_driver'))
MEMCHECK = os.path.join(ROOT, 'tests', 'valgrind', 'memcheck.sh')
DESKTOP = os.path.join(ROOT, 'share', 'tplay.desktop')
NAME = 'org.mpris.MediaPlayer2.tplay'
OBJECT = '/org/mpris/MediaPlayer2'
MAIN = 'org.mpris.MediaPlayer2'
PLAYER = 'org.mpris.MediaPlayer2.Player'
PROPS = 'org.freedesktop.DBus.Properties'


def private_env(**extra):
    """The environment with no way to the developer's own session bus: no
    DBUS_SESSION_BUS_ADDRESS, an empty XDG_RUNTIME_DIR; then extra (None
    unsets)."""
    env = dict(os.environ)
    env.pop('DBUS_SESSION_BUS_ADDRESS', None)
    runtime = path('runtime')
    os.makedirs(runtime, mode=0o700, exist_ok=True)
    env['XDG_RUNTIME_DIR'] = runtime
    for k, v in extra.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    return env


class Lines:
    """The lines a pipe gives, read by a thread, waited for with a
    deadline."""

    def __init__(self, stream):
        self.q = queue.Queue()
        self.all = []
        threading.Thread(target=self._read, args=(stream,),
                         daemon=True).start()

    def _read(self, stream):
        for line in iter(stream.readline, b''):
            self.q.put(line.decode('utf-8', 'replace').rstrip('\n'))
        self.q.put(None)

    def next(self, timeout):
        """The next line, or None at the end; AssertionError when none
        comes within timeout seconds."""
        try:
            line = self.q.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError('nothing within %.0f s; so far: %r'
                                 % (timeout, self.all[-20:]))
        if line is not None:
            self.all.append(line)
        return line

    def until(self, match, what, timeout=20):
        """Lines up to one that matches (a regex, fully): (the match, the
        lines before it)."""
        deadline = time.monotonic() + slow(timeout)
        before = []
        while True:
            line = self.next(max(0.1, deadline - time.monotonic()))
            check(line is not None, 'the end came before %s; lines: %r'
                  % (what, before))
            m = re.fullmatch(match, line)
            if m:
                return m, before
            before.append(line)


class Bus:
    """A session bus of our own, as a desktop has one: dbus-run-session
    runs a shell that prints the address and waits; closing its input ends
    the session, and dbus-run-session takes the daemon down."""

    def __init__(self):
        self.proc = subprocess.Popen(
            ['dbus-run-session', '--', 'sh', '-c',
             'echo "$DBUS_SESSION_BUS_ADDRESS"; exec cat >/dev/null'],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, env=private_env())
        out = Lines(self.proc.stdout)
        m, _ = out.until(r'(\S+:\S*)', 'the bus address')
        self.env = private_env(DBUS_SESSION_BUS_ADDRESS=m.group(1))

    def end(self):
        """End the session (the daemon goes) and wait for that."""
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=slow(20))
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.end()

    def tool(self, args, timeout=30):
        return run(args, env=self.env, timeout=slow(timeout))

    def busctl(self, *args):
        """busctl --user --json=short ARGS: (status, the JSON answer or
        stderr's text)."""
        r = self.tool(['busctl', '--user', '--json=short', '--'] +
                      [str(a) for a in args])
        if r.returncode != 0:
            return r.returncode, r.stderr.decode().strip()
        out = r.stdout.decode()
        return 0, json.loads(out) if out.strip() else None

    def get(self, prop, iface=PLAYER, name=NAME):
        st, v = self.busctl('get-property', name, OBJECT, iface, prop)
        eq(st, 0, 'Get %s.%s: %s' % (iface, prop, v))
        return v['data']

    def get_all(self, iface, name=NAME):
        st, v = self.busctl('call', name, OBJECT, PROPS, 'GetAll', 's', iface)
        eq(st, 0, 'GetAll %s: %s' % (iface, v))
        return {k: x['data'] for k, x in v['data'][0].items()}

    def call(self, method, sig='', *args, iface=PLAYER, name=NAME):
        """Call method: (status, answer or error text)."""
        return self.busctl('call', name, OBJECT, iface, method,
                           *([sig] + list(args) if sig else []))

    def set(self, prop, sig, value, name=NAME):
        st, v = self.busctl('set-property', name, OBJECT, PLAYER, prop, sig,
                            value)
        eq(st, 0, 'Set %s %s: %s' % (prop, value, v))

    def playerctl(self, *args, player='tplay'):
        r = self.tool(['playerctl', '-p', player] + list(args))
        eq(r.returncode, 0, 'playerctl %s: %s' % (' '.join(args),
                                                  r.stderr.decode()))
        return r.stdout.decode().strip()


def escape(value):
    """A value for the driver's set command: bytes or str, any byte."""
    if isinstance(value, str):
        value = value.encode()
    return ''.join('\\x%02x' % b if b < 0x20 or b >= 0x7f or b == 0x5c
                   else chr(b) for b in value)


class Driver:
    """tests/mpris/driver.c (under valgrind memcheck with TPLAY_VALGRIND),
    in WORK, on env."""

    def __init__(self, env):
        args = [DRIVER]
        if VALGRIND:
            env = dict(env, TPLAY_VALGRIND_BIN=DRIVER)
            args = [MEMCHECK]
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env,
                                     cwd=WORK)
        self.out = Lines(self.proc.stdout)
        self.err = Lines(self.proc.stderr)

    def send(self, *lines):
        for line in lines:
            self.proc.stdin.write(line.encode() + b'\n')
        self.proc.stdin.flush()

    def name(self):
        m, before = self.out.until(r'name (\S+)', 'a name on the bus')
        eq(before, [], 'what the driver said before its name')
        return m.group(1)

    def said(self):
        """What the driver said since the last look: ping, wait for pong.
        Every op a finished D-Bus call made was said before its reply."""
        self.send('ping')
        return self.out.until('pong', 'pong')[1]

    def state(self, **fields):
        """Set fields (None clears a string) and report them (mpris_update):
        the lines the driver said before it was done."""
        for k, v in fields.items():
            if isinstance(v, bool):
                v = int(v)
            self.send('set %s %s' % (k, '-' if v is None else escape(
                v if isinstance(v, (str, bytes)) else str(v))))
        self.send('update')
        return self.out.until('updated', 'updated')[1]

    def quit(self):
        """Ask it to quit on stdin; its exit status and stderr."""
        self.send('quit')
        return self.wait()

    def wait(self):
        self.out.until('bye', 'bye')
        rc = self.proc.wait(timeout=slow(20))
        err = []
        while True:
            line = self.err.next(slow(20))
            if line is None:
                return rc, err
            err.append(line)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        """A test that went well ends with a clean quit (no leak under the
        sanitizers or valgrind); one that failed, with a kill."""
        if kind is None and self.proc.poll() is None:
            eq(self.quit(), (0, []), 'exit status and stderr at the end')
        self.kill()


# A track the tests play: what the driver reports, and what goes out.
TRACK = dict(entry=2, status='paused', position=30, duration=754.5,
             volume=0.8, title='Zwölf Töne — 日本語',
             artist='Sigur Rós', album='Ágætis byrjun',
             url='clips/a b#1.mkv', can_seek=True, can_next=True,
             can_prev=True)


def started(bus, **fields):
    """A driver on bus, named, with fields reported."""
    d = Driver(bus.env)
    eq(d.name(), NAME, 'the name')
    if fields:
        eq(d.state(**fields), [], 'lines while the state was reported')
    return d


def desktop_mime_types():
    for line in open(DESKTOP):
        if line.startswith('MimeType='):
            return [t for t in line.strip()[9:].split(';') if t]
    raise AssertionError('no MimeType in %s' % DESKTOP)


def test_it_is_on_the_bus_as_tplay_with_the_main_interface():
    with Bus() as bus, started(bus) as d:
        got = bus.get_all(MAIN)
        want = {'Identity': 'tplay', 'DesktopEntry': 'tplay',
                'CanQuit': True, 'CanRaise': False, 'HasTrackList': False,
                'SupportedUriSchemes': ['file', 'http', 'https'],
                'SupportedMimeTypes': desktop_mime_types()}
        eq(got, want, 'org.mpris.MediaPlayer2 GetAll (MIME types: '
           'share/tplay.desktop\'s)')
        eq(bus.call('Raise', iface=MAIN), (0, None), 'Raise')
        eq(d.said(), [], 'what Raise did to the player')
        eq(bus.call('Quit', iface=MAIN), (0, None), 'Quit')
        eq(d.wait(), (0, []), 'exit status and stderr after Quit')
        eq(d.out.all[-2:], ['quit', 'bye'], 'the last lines')


# What introspection must show: methods with their in-signatures, and
# properties with their access and whether they signal a change.
INTERFACES = {
    MAIN: ({'Raise': '', 'Quit': ''}, {
        'CanQuit': ('b', 'read', 'const'),
        'CanRaise': ('b', 'read', 'const'),
        'HasTrackList': ('b', 'read', 'const'),
        'Identity': ('s', 'read', 'const'),
        'DesktopEntry': ('s', 'read', 'const'),
        'SupportedUriSchemes': ('as', 'read', 'const'),
        'SupportedMimeTypes': ('as', 'read', 'const'),
    }),
    PLAYER: ({'Next': '', 'Previous': '', 'Pause': '', 'PlayPause': '',
              'Stop': '', 'Play': '', 'Seek': 'x', 'SetPosition': 'ox',
              'OpenUri': 's'}, {
        'PlaybackStatus': ('s', 'read', None),
        'Rate': ('d', 'readwrite', None),
        'Metadata': ('a{sv}', 'read', None),
        'Volume': ('d', 'readwrite', None),
        'Position': ('x', 'read', 'false'),
        'MinimumRate': ('d', 'read', None),
        'MaximumRate': ('d', 'read', None),
        'CanGoNext': ('b', 'read', None),
        'CanGoPrevious': ('b', 'read', None),
        'CanPlay': ('b', 'read', None),
        'CanPause': ('b', 'read', None),
        'CanSeek': ('b', 'read', None),
        'CanControl': ('b', 'read', 'const'),
    }),
}


def test_introspection_shows_both_interfaces_as_the_specification_has_them():
    with Bus() as bus, started(bus):
        st, v = bus.call('Introspect', iface='org.freedesktop.DBus.'
                         'Introspectable')
        eq(st, 0, 'Introspect: %s' % v)
        root = ET.fromstring(v['data'][0])
        for name, (methods, props) in INTERFACES.items():
            node = root.find("interface[@name='%s']" % name)
            check(node is not None, 'interface %s in the introspection' % name)
            got = {m.get('name'): ''.join(a.get('type') for a in m.findall(
                'arg') if a.get('direction', 'in') == 'in')
                for m in node.findall('method')}
            eq(got, methods, '%s methods' % name)
            got = {}
            for p in node.findall('property'):
                emits = p.find("annotation[@name='org.freedesktop.DBus."
                               "Property.EmitsChangedSignal']")
                got[p.get('name')] = (p.get('type'), p.get('access'),
                                      None if emits is None
                                      else emits.get('value'))
            eq(got, props, '%s properties' % name)
        seeked = root.find("interface[@name='%s']/signal[@name='Seeked']/arg"
                           % PLAYER)
        check(seeked is not None and seeked.get('type') == 'x',
              'the Seeked signal, with an x')


def test_playerctl_reads_status_metadata_position_and_volume():
    with Bus() as bus, started(bus, **TRACK) as d:
        eq(bus.playerctl('status'), 'Paused', 'status')
        fmt = ('{{mpris:trackid}}|{{mpris:length}}|{{xesam:title}}|'
               '{{xesam:artist}}|{{xesam:album}}|{{xesam:url}}')
        eq(bus.playerctl('metadata', '--format', fmt).split('|'),
           ["'/org/tplay/track/2'", '754500000', 'Zwölf Töne — 日本語',
            'Sigur Rós', 'Ágætis byrjun',
            'file://%s/clips/a%%20b%%231.mkv' % WORK], 'metadata')
        eq(bus.get('Metadata')['xesam:artist'],
           {'type': 'as', 'data': ['Sigur Rós']}, 'xesam:artist, an array')
        eq(bus.playerctl('position'), '30.000000', 'position, paused')
        eq(bus.playerctl('volume'), '0.800000', 'volume')
        eq({k: bus.get(k) for k in ('CanPlay', 'CanPause', 'CanSeek',
                                     'CanGoNext', 'CanGoPrevious',
                                     'CanControl', 'Rate', 'MinimumRate',
                                     'MaximumRate')},
           {'CanPlay': True, 'CanPause': True, 'CanSeek': True,
            'CanGoNext': True, 'CanGoPrevious': True, 'CanControl': True,
            'Rate': 1.0, 'MinimumRate': 1.0, 'MaximumRate': 1.0},
           'the Can* properties and the rates')
        # Playing, the position runs on from the last one reported, at
        # the rate, and stops at the end.
        d.state(status='playing', rate=2, max_rate=4, position=750)
        eq(bus.playerctl('status'), 'Playing', 'status')
        deadline = time.monotonic() + slow(20)
        first = bus.get('Position')
        while bus.get('Position') < 754500000:
            check(time.monotonic() < deadline, 'Position never reached the '
                  'end from %d' % first)
            time.sleep(0.1)
        check(750000000 <= first <= 754500000, 'Position %d' % first)
        eq(bus.get('Position'), 754500000, 'Position at the end')
        # No entry: nothing to play, no metadata.
        d.state(entry=-1, status='stopped', title=None, artist=None,
                album=None, url=None, duration=-1, position=0)
        eq(bus.playerctl('status'), 'Stopped', 'status with no entry')
        eq(bus.get('Metadata'), {}, 'Metadata with no entry')
        eq([bus.get(k) for k in ('CanPlay', 'CanPause', 'CanSeek')],
           [False, False, False], 'CanPlay, CanPause, CanSeek with no entry')


def test_playerctl_and_busctl_requests_reach_the_player():
    with Bus() as bus, started(bus, **dict(TRACK, status='playing',
                                          position=100, min_rate=0.25,
                                          max_rate=4)) as d:
        for args, said, status in [
                (['play-pause'], ['play_pause'], 'Paused'),
                (['play'], ['play'], 'Playing'),
                (['pause'], ['pause'], 'Paused'),
                (['play-pause'], ['play_pause'], 'Playing'),
                (['stop'], ['stop'], 'Stopped'),
                (['play'], ['play'], 'Playing'),
                (['next'], ['next'], 'Playing'),
                (['previous'], ['previous'], 'Playing')]:
            bus.playerctl(*args)
            eq(d.said(), said, 'what playerctl %s did' % args[0])
            eq(bus.playerctl('status'), status, 'status after %s' % args[0])
        bus.playerctl('next')
        eq(d.said(), ['next'], 'next')
        eq(bus.playerctl('metadata', 'mpris:trackid'),
           "'/org/tplay/track/3'", 'the trackid after next')
        d.state(status='paused', position=100)
        for args, said, pos in [(['position', '5'], ['set_position 5000000'],
                                 '5.000000'),
                                (['position', '10+'], ['seek 10000000'],
                                 '15.000000'),
                                (['position', '3-'], ['seek -3000000'],
                                 '12.000000')]:
            bus.playerctl(*args)
            eq(d.said(), said, 'what playerctl %s did' % ' '.join(args))
            eq(bus.playerctl('position'), pos, 'position after %s' % args)
        bus.playerctl('volume', '0.5')
        eq(d.said(), ['volume 0.5'], 'volume 0.5')
        eq(bus.get('Volume'), 0.5, 'Volume')
        for sig, prop, value, said in [
                ('d', 'Volume', 1.25, ['volume 1.25']),
                ('d', 'Volume', -3, ['volume 0']),      # below 0 is 0
                ('d', 'Rate', 1.5, ['rate 1.5']),
                ('d', 'Rate', 10, ['rate 4']),          # MaximumRate
                ('d', 'Rate', 0.01, ['rate 0.25']),     # MinimumRate
                ('d', 'Rate', 0, ['pause'])]:           # 0 pauses
            bus.set(prop, sig, value)
            eq(d.said(), said, 'what Set %s %s did' % (prop, value))
        eq([bus.get('Volume'), bus.get('Rate')], [0.0, 0.25],
           'Volume and Rate as the player reported them')
        eq(bus.call('Stop'), (0, None), 'Stop')
        eq(d.said(), ['stop'], 'what Stop did')


# Requests the state rules out, as a table: (the state, the call, what
# the player must hear, the error the client gets or None).
RULED_OUT = [
    ({'can_next': False}, ('Next',), [], None),
    ({'can_prev': False}, ('Previous',), [], None),
    ({'can_seek': False}, ('Seek', 'x', 1000000), [], None),
    ({'can_seek': False}, ('SetPosition', 'ox', '/org/tplay/track/2',
                           1000000), [], None),
    ({}, ('SetPosition', 'ox', '/org/tplay/track/1', 1000000), [], None),
    ({}, ('SetPosition', 'ox', '/org/tplay/track/2', -1), [], None),
    ({}, ('SetPosition', 'ox', '/org/tplay/track/2', 754500001), [], None),
    ({}, ('SetPosition', 'ox', '/org/tplay/track/2', 754500000),
     ['set_position 754500000'], None),
    ({}, ('Seek', 'x', 800000000), ['next'], None),      # past the end
    ({'can_next': False}, ('Seek', 'x', 800000000), [], None),
    ({}, ('Seek', 'x', -31000000), ['set_position 0'], None),
    ({}, ('Seek', 'x', -29000000), ['seek -29000000'], None),
    ({'entry': -1}, ('Play',), [], None),
    ({'entry': -1}, ('Pause',), [], None),
    ({'entry': -1}, ('Seek', 'x', 1000000), [], None),
    ({'entry': -1}, ('PlayPause',), [], 'CanPause is false'),
    ({'entry': -1}, ('Stop',), ['stop'], None),
    ({}, ('OpenUri', 's', 'file:///tmp/a.mkv'), [], 'does not open URIs'),
]


def test_requests_the_state_rules_out_never_reach_the_player():
    failures = []
    with Bus() as bus, started(bus) as d:
        for state, call, said, error in RULED_OUT:
            d.state(**dict(TRACK, **state))
            st, answer = bus.call(*call)
            got = (d.said(), None if st == 0 else answer)
            if got[0] != said or (error is None) != (got[1] is None) or (
                    error and error not in got[1]):
                failures.append('%r with %r: the player heard %r, the client '
                                'got %r; want %r, %r' % (call, state, got[0],
                                                         got[1], said, error))
    check(not failures, '\n'.join(failures))


class Monitor:
    """gdbus monitor on the player's object: one line per signal."""

    def __init__(self, bus, d):
        self.proc = subprocess.Popen(
            ['gdbus', 'monitor', '--session', '--dest', NAME,
             '--object-path', OBJECT], stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, env=bus.env)
        self.out = Lines(self.proc.stdout)
        self.d = d
        self.markers = 0
        # Subscribed once a change shows; until then, change again.
        deadline = time.monotonic() + slow(20)
        while True:
            d.state(volume=self.marker())
            try:
                self.out.until(r'.*PropertiesChanged.*', 'a first signal', 1)
                break
            except AssertionError:
                check(time.monotonic() < deadline, 'gdbus monitor saw no '
                      'signal; it said %r' % self.out.all)

    def marker(self):
        """A volume no test reports: a change each time."""
        self.markers += 1
        return 0.5 + self.markers / 1000

    def signal(self):
        """The next signal: ('Seeked', position) or ('PropertiesChanged',
        the names of the properties in it)."""
        m, _ = self.out.until(r'%s: (\S+) \((.*)\)' % OBJECT, 'a signal')
        member, body = m.group(1), m.group(2)
        if member == PLAYER + '.Seeked':
            return 'Seeked', int(re.fullmatch(r'int64 (-?\d+),', body)
                                 .group(1))
        eq(member, PROPS + '.PropertiesChanged', 'signal')
        check(body.startswith("'%s', {" % PLAYER), 'interface: %s' % body)
        self.body = body
        return 'PropertiesChanged', set(re.findall(r"'(\w+)': <", body))

    def nothing(self):
        """No signal came (after the last look): a change now is the next
        one, with its value."""
        volume = self.marker()
        self.d.state(volume=volume)
        eq(self.signal(), ('PropertiesChanged', {'Volume'}),
           'the next signal, after none')
        m = re.search(r"'Volume': <([-+.\de]+)>", self.body)
        check(m and float(m.group(1)) == volume,
              'the next signal is the change made (volume %r): %s'
              % (volume, self.body))

    def close(self):
        self.proc.kill()
        self.proc.wait()


# (what changes, the properties the one signal names; None: no signal).
CHANGES = [
    ({}, None),
    ({'position': 31}, None),                 # Position is never signalled
    ({'volume': 0.3}, {'Volume'}),
    ({'status': 'playing'}, {'PlaybackStatus'}),
    ({'title': 'Another'}, {'Metadata'}),
    ({'artist': None}, {'Metadata'}),
    ({'duration': 754.6}, {'Metadata'}),
    ({'entry': 3, 'position': 0}, {'Metadata'}),
    ({'can_next': False}, {'CanGoNext'}),
    ({'can_prev': False}, {'CanGoPrevious'}),
    ({'can_seek': False}, {'CanSeek'}),
    ({'can_seek': False}, None),
    ({'max_rate': 2, 'rate': 1.5}, {'MaximumRate', 'Rate'}),
    ({'min_rate': 0.5}, {'MinimumRate'}),
    ({'entry': -1}, {'Metadata', 'CanPlay', 'CanPause'}),
    ({'entry': 0, 'can_seek': True, 'volume': 1, 'status': 'paused'},
     {'Metadata', 'CanPlay', 'CanPause', 'CanSeek', 'Volume',
      'PlaybackStatus'}),
]


def test_properties_changed_names_exactly_what_changed():
    with Bus() as bus, started(bus, **TRACK) as d:
        mon = Monitor(bus, d)
        try:
            for fields, names in CHANGES:
                d.state(**fields)
                if names is None:
                    mon.nothing()
                else:
                    eq(mon.signal(), ('PropertiesChanged', names),
                       'the signal for %r' % fields)
            # A client's Set is signalled once, when the player reports
            # it: never before, with the old value.
            bus.set('Volume', 'd', 0.25)
            eq(mon.signal(), ('PropertiesChanged', {'Volume'}), 'after Set')
            mon.nothing()
            d.send('seeked 42.5')
            d.out.until('seeked', 'seeked')
            eq(mon.signal(), ('Seeked', 42500000), 'Seeked')
            bus.playerctl('position', '7')
            eq(mon.signal(), ('Seeked', 7000000), 'Seeked after SetPosition')
            mon.nothing()
        finally:
            mon.close()


def test_metadata_leaves_as_valid_utf8_with_no_control_character():
    with Bus() as bus, started(bus, **dict(
            TRACK,
            title=b'Bad \xff\xfe byte, \x1b[31mred\x1b[0m, bell\x07, '
                  b'tab\tnew\nline\r\n, \xe2\x80\xaeevil\xe2\x80\xac, '
                  b'cut \xe6\x97',
            artist=b'Sigur R\xf3s', album=b'\xc2\x85\xc2\x9b',
            url=b'/tmp/a\x01b \xc3\xa9.mkv')) as d:
        meta = {k: v['data'] for k, v in bus.get('Metadata').items()}
        eq(meta['xesam:title'], 'Bad \ufffd\ufffd byte, [31mred[0m, bell, '
           'tab new line  , evil, cut \ufffd', 'xesam:title')
        eq(meta['xesam:artist'], ['Sigur R\ufffds'], 'xesam:artist')
        eq(meta['xesam:album'], ' ', 'xesam:album (NEL, CSI)')
        eq(meta['xesam:url'], 'file:///tmp/a%01b%20%C3%A9.mkv', 'xesam:url')
        # A URI stays one, with what a URI cannot hold encoded.
        for given, sent in [
                ('https://example.org/a b/\u00e9?x=1#t', 'https://example.org/'
                 'a%20b/%C3%A9?x=1#t'),
                ('rtsp://host:554/live', 'rtsp://host:554/live'),
                ('/abs/日本.mkv', 'file:///abs/%E6%97%A5%E6%9C%AC.mkv'),
                ('a:b.mkv', 'file://%s/a%%3Ab.mkv' % WORK)]:
            d.state(url=given)
            eq(bus.get('Metadata')['xesam:url']['data'], sent,
               'xesam:url for %r' % given)
        # Nothing left once cleaned: not sent at all.
        d.state(title=b'\x1b\x07', artist=None)
        meta = bus.get('Metadata')
        check('xesam:title' not in meta and 'xesam:artist' not in meta,
              'metadata with an empty title: %r' % meta)
        eq(bus.playerctl('metadata', 'xesam:album'), '', 'album')


def test_a_second_tplay_takes_the_instance_name():
    with Bus() as bus, started(bus, **TRACK) as first:
        with Driver(bus.env) as second:
            instance = '%s.instance%d' % (NAME, second.proc.pid)
            eq(second.name(), instance, 'the second name')
            listed = bus.tool(['playerctl', '-l']).stdout.decode().split()
            eq(sorted(listed), sorted(['tplay', 'tplay.instance%d'
                                       % second.proc.pid]), 'playerctl -l')
            eq(bus.get('Identity', MAIN, name=instance), 'tplay',
               'Identity of the second')
            eq(first.quit(), (0, []), 'the first quits')
            deadline = time.monotonic() + slow(20)
            while 'tplay' in bus.tool(['playerctl', '-l']).stdout.decode(
                    ).split():
                check(time.monotonic() < deadline, 'the name outlived the '
                      'first player')
                time.sleep(0.1)
            second.state(**dict(TRACK, status='playing', title='Second'))
            eq(bus.get('PlaybackStatus', name=instance), 'Playing',
               'the second plays on')
            eq(bus.playerctl('metadata', 'xesam:title',
                             player='tplay.instance%d' % second.proc.pid),
               'Second', 'playerctl on the instance')
            eq(second.quit(), (0, []), 'the second quits')


# Environments without a session bus: the console, a container, an old
# address in a shell that outlived its desktop.
NO_BUS = [
    {'DBUS_SESSION_BUS_ADDRESS': None},           # an empty XDG_RUNTIME_DIR
    {'DBUS_SESSION_BUS_ADDRESS': None, 'XDG_RUNTIME_DIR': None},
    {'DBUS_SESSION_BUS_ADDRESS': 'unix:path=%s' % path('runtime/gone')},
]


def test_without_a_session_bus_it_says_nothing():
    for env in NO_BUS:
        with Driver(private_env(**env)) as d:
            m, before = d.out.until('.*', 'a first line')
            eq(m.group(0), 'no session bus', 'the first line with %r' % env)
            eq(d.said(), [], 'what the driver said')
            d.proc.stdin.close()                # the end of input: quit
            eq(d.wait(), (0, []), 'exit status and stderr with %r' % env)


def test_a_bus_that_cannot_be_used_is_one_line():
    with Driver(private_env(DBUS_SESSION_BUS_ADDRESS='unix:path=/x,guid=z'
                            )) as d:
        rc = d.proc.wait(timeout=slow(20))
        err = []
        while (line := d.err.next(slow(20))) is not None:
            err.append(line)
        eq((rc, err), (1, ['MPRIS is off: cannot connect to the session bus '
                           'at unix:path=/x,guid=z (DBUS_SESSION_BUS_ADDRESS)'
                           ': Invalid argument']), 'exit status and stderr')


def cpu_seconds(pid):
    """User and system CPU time pid has used."""
    fields = open('/proc/%d/stat' % pid).read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def test_a_bus_that_goes_away_turns_mpris_off_quietly():
    bus = Bus()
    with started(bus, **TRACK) as d:
        bus.end()
        m, before = d.out.until('failed (.*)', 'the failure')
        eq(before, [], 'lines before it')
        check(m.group(1).startswith('MPRIS is off: the session bus '
                                    'connection ended'), m.group(1))
        # Inert: no busy loop on a dead descriptor, updates ignored.
        start, used = time.monotonic(), cpu_seconds(d.proc.pid)
        while time.monotonic() - start < slow(1):
            eq(d.state(volume=0.1, status='playing'), [], 'an update')
            time.sleep(0.1)
        used = cpu_seconds(d.proc.pid) - used
        check(used < (time.monotonic() - start) / 2,
              'the driver used %.2f s of CPU in %.2f s'
              % (used, time.monotonic() - start))
        eq(d.quit(), (0, []), 'exit status and stderr')


def titled(name, title, duration=60):
    return ffmpeg(name, [
        '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=%d'
        % duration, '-f', 'lavfi', '-i',
        'sine=frequency=440:sample_rate=48000:duration=%d' % duration,
        '-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-preset',
        'ultrafast', '-g', '25', '-pix_fmt', 'yuv420p', '-c:a', 'libopus',
        '-metadata', 'title=%s' % title])


def tplay_in_tmux(name, env, files):
    """The real tplay in tmux with env's bus (or none), sound to nowhere."""
    t = Tmux(name, 120, 40)
    keep = {k: env[k] for k in ('DBUS_SESSION_BUS_ADDRESS', 'XDG_RUNTIME_DIR')
            if k in env}
    cmd = ' '.join(shlex.quote(a) for a in
                   ['env', '-u', 'DBUS_SESSION_BUS_ADDRESS'] +
                   ['%s=%s' % kv for kv in keep.items()] +
                   [TPLAY, '--no-config', '--no-resume', '--mpv-opt',
                    'ao=null'] + files)
    t.start(cmd + '; echo "exit $?"; sleep 60',
            env={'TERM': 'tmux-256color', 'LANG': 'C.UTF-8',
                 'LC_ALL': 'C.UTF-8'})
    return t


def wait_status(ctl, want):
    deadline = time.monotonic() + slow(15)
    while ctl('status') != want:
        check(time.monotonic() < deadline, 'playerctl never said %s: %r'
              % (want, ctl('status')))
        time.sleep(0.1)


def test_tplay_answers_playerctl_while_it_plays():
    a, b = titled('mpris-a.mkv', 'Alpha'), titled('mpris-b.mkv', 'Beta')
    with Bus() as bus:
        t = tplay_in_tmux('mpris-tplay', bus.env, [a, b])
        try:
            def ctl(*args):
                r = bus.tool(['playerctl', '-p', 'tplay'] + list(args))
                return r.stdout.decode().strip()

            t.wait_for(lambda s: 'playing' in s, 'playing')
            deadline = time.monotonic() + slow(15)
            while ctl('status') != 'Playing':
                check(time.monotonic() < deadline,
                      'playerctl never said Playing: %r' % ctl('status'))
                time.sleep(0.1)
            ctl('pause')
            t.wait_for(lambda s: 'paused' in s, 'paused by playerctl')
            eq(ctl('metadata', 'xesam:title'), 'Alpha', 'the title')
            length = int(ctl('metadata', 'mpris:length'))
            check(59e6 <= length <= 61e6, 'the length: %d' % length)
            ctl('position', '5')
            t.wait_for(lambda s: 5 <= status_time(s) <= 6, 'seeked to 5 s')
            ctl('next')
            t.wait_for(lambda s: '2/2' in s, 'the next file')
            deadline = time.monotonic() + slow(15)
            while ctl('metadata', 'xesam:title') != 'Beta':
                check(time.monotonic() < deadline, 'the title never Beta')
                time.sleep(0.1)
            # Stop: paused at the start, and said Stopped until it plays.
            ctl('stop')
            t.wait_for(lambda s: 'paused' in s and status_time(s) == 0,
                       'stopped: paused at 0')
            wait_status(ctl, 'Stopped')
            ctl('play')
            t.wait_for(lambda s: 'playing' in s, 'playing again')
            wait_status(ctl, 'Playing')
            t.keys('q')
            t.wait_for(lambda s: 'exit 0' in s, 'quit')
        finally:
            t.kill()


def test_tplay_without_a_session_bus_plays_and_says_nothing():
    env = private_env()
    t = tplay_in_tmux('mpris-nobus', env, [titled('mpris-c.mkv', 'Gamma')])
    try:
        s = t.wait_for(lambda s: 'playing' in s and status_time(s) >= 2,
                       'playing on')
        lines = s.splitlines()
        y = next(i for i, l in enumerate(lines) if 'playing' in l)
        eq(lines[y + 1].strip(), 'Gamma', 'the row under the status: the '
           'title, no message')
        t.keys('L')
        s = t.wait_for(lambda s: 'Messages' in s, 'the history')
        check('(none so far)' in s, 'no message at all:\n%s' % s)
        t.keys('q', 'q')
        t.wait_for(lambda s: 'exit 0' in s, 'quit')
    finally:
        t.kill()


if __name__ == '__main__':
    run_tests(globals())
