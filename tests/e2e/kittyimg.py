"""Kitty graphics read back from what a program wrote to its terminal.

The stream may hold anything else too (text, CSI and OSC sequences, other
APC strings): only the graphics commands, ``ESC _ G keys ; payload ESC \\``,
are read, as kitty's docs/graphics-protocol.rst defines them.  Commands
wrapped for tmux (``ESC P tmux; ... ESC \\`` with every inner ESC doubled)
are unwrapped first.

- images(data): each complete transmitted image (a=T, a=t, or no a),
  its chunks joined (m=1 ... m=0), base64 decoded per chunk when every
  chunk is whole base64 (chafa pads each chunk) or else joined first,
  inflated when o=z.  f=24 and f=32 give the pixels as RGB; f=100 (PNG)
  gives the PNG's bytes, flagged.  Queries (a=q) are read and left out; a
  transmission still open at the end of the stream is left out.
- deletes(data): the image ids deleted (a=d with d=i or d=I), in order;
  a delete of every image (no d, d=a or d=A) is listed as None.
- commands(data): every graphics command as (keys, payload bytes).
- ppm(image): an image as a binary PPM, to look at when a test fails.

Malformed data (bad base64, a deflate error, a size that is not w*h*bpp)
raises ValueError: a test reading it should fail, not guess.  Only the
standard library (base64, zlib) is used.
"""
import base64
import binascii
import re
import zlib

ESC = b'\x1b'
ST = b'\x1b\\'
APC_G = b'\x1b_G'
TMUX_DCS = b'\x1bPtmux;'

__all__ = ['commands', 'images', 'deletes', 'ppm']


def _untmux(data):
    """data with each tmux passthrough DCS replaced by what it carries."""
    if TMUX_DCS not in data:
        return data
    out = []
    pos = 0
    while True:
        start = data.find(TMUX_DCS, pos)
        if start < 0:
            out.append(data[pos:])
            return b''.join(out)
        out.append(data[pos:start])
        i = start + len(TMUX_DCS)
        inner = bytearray()
        while i < len(data):
            if data[i:i + 2] == ESC + ESC:
                inner += ESC
                i += 2
            elif data[i:i + 2] == ST:
                i += 2
                break
            else:
                inner.append(data[i])
                i += 1
        out.append(bytes(inner))
        pos = i


def _keys(raw):
    """'a=T,f=24,...' as a dict of strings; ValueError when malformed."""
    keys = {}
    if not raw:
        return keys
    for item in raw.split(','):
        k, sep, v = item.partition('=')
        if not sep or not k:
            raise ValueError('graphics command: bad key %r in %r' % (item, raw))
        keys[k] = v
    return keys


def commands(data):
    """Every graphics command in data, in order, as (keys, payload): keys a
    dict of strings, payload the bytes after ';' (b'' without one)."""
    data = _untmux(bytes(data))
    found = []
    pos = 0
    while True:
        start = data.find(APC_G, pos)
        if start < 0:
            return found
        end = data.find(ST, start + len(APC_G))
        if end < 0:
            return found  # cut off: the program did not finish it
        body = data[start + len(APC_G):end]
        raw, _, payload = body.partition(b';')
        found.append((_keys(raw.decode('ascii', 'replace')), payload))
        pos = end + len(ST)


def _b64(chunks):
    """The bytes of the chunks' base64: per chunk when each is whole base64
    (a multiple of 4 long), else joined (a chunk may end mid-quantum)."""
    try:
        if all(len(c) % 4 == 0 for c in chunks):
            return b''.join(base64.b64decode(c, validate=True) for c in chunks)
        return base64.b64decode(b''.join(chunks), validate=True)
    except binascii.Error as e:
        raise ValueError('graphics payload: bad base64: %s' % e) from None


def _int(keys, k, default=None):
    v = keys.get(k)
    if v is None:
        return default
    if not re.fullmatch(r'-?[0-9]+', v):
        raise ValueError('graphics command: %s=%r is not a number' % (k, v))
    return int(v)


def _image(keys, chunks):
    """One transmission's image dict (see images())."""
    raw = _b64(chunks)
    if keys.get('o') == 'z':
        try:
            raw = zlib.decompress(raw)
        except zlib.error as e:
            raise ValueError('graphics payload: inflate: %s' % e) from None
    elif keys.get('o') is not None:
        raise ValueError('graphics command: unknown compression o=%s'
                         % keys['o'])
    f = _int(keys, 'f', 32)
    img = {'f': f, 'id': _int(keys, 'i'), 'keys': keys,
           'w': _int(keys, 's'), 'h': _int(keys, 'v'), 'rgb': None}
    if f == 100:
        img['png'] = raw
        return img
    if f not in (24, 32):
        raise ValueError('graphics command: unknown format f=%d' % f)
    w, h, bpp = img['w'], img['h'], f // 8
    if not w or not h or w < 0 or h < 0:
        raise ValueError('graphics command: f=%d needs s and v, got %r'
                         % (f, keys))
    if len(raw) != w * h * bpp:
        raise ValueError('graphics payload: %d bytes for %dx%d f=%d, want %d'
                         % (len(raw), w, h, f, w * h * bpp))
    if f == 24:
        img['rgb'] = raw
    else:
        img['rgba'] = raw
        rgb = bytearray(w * h * 3)
        rgb[0::3] = raw[0::4]
        rgb[1::3] = raw[1::4]
        rgb[2::3] = raw[2::4]
        img['rgb'] = bytes(rgb)
    return img


def images(data):
    """Each complete image transmitted in data, in order, as a dict: w, h
    (s and v; None for PNG), f, id (i, or None), keys (the first chunk's,
    as strings), rgb (w*h*3 bytes; None for PNG), and for f=32 rgba (the
    bytes as sent), for f=100 png (the PNG file's bytes)."""
    found = []
    first = None   # the open transmission's first keys
    chunks = []
    for keys, payload in commands(data):
        if first is not None:
            # A continuation chunk: only m (and q) by the protocol.
            chunks.append(payload)
            if keys.get('m', '0') != '1':
                if first.get('a', 't') in ('t', 'T'):
                    found.append(_image(first, chunks))
                first = None
            continue
        action = keys.get('a', 't')
        if action not in ('t', 'T', 'q'):
            continue
        if keys.get('t', 'd') != 'd':
            continue  # a file or shared memory: nothing in the stream
        if keys.get('m', '0') == '1':
            first, chunks = keys, [payload]
        elif action != 'q':
            found.append(_image(keys, [payload]))
    return found


def deletes(data):
    """The image ids deleted in data, in order (a=d with d=i or d=I); a
    delete of all images (no d, d=a or d=A) counts as None."""
    found = []
    for keys, _ in commands(data):
        if keys.get('a') != 'd':
            continue
        d = keys.get('d', 'a')
        if d in ('i', 'I'):
            found.append(_int(keys, 'i'))
        elif d in ('a', 'A'):
            found.append(None)
    return found


def ppm(image):
    """A binary PPM (P6) of an f=24 or f=32 image from images()."""
    if image['rgb'] is None:
        raise ValueError('ppm: a PNG image has no pixels here')
    return b'P6\n%d %d\n255\n' % (image['w'], image['h']) + image['rgb']
