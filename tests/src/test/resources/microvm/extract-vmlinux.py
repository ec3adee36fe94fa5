#!/usr/bin/env python3
"""Writes the ELF kernel (vmlinux) held compressed inside a bzImage, so QEMU can boot it via PVH.

usage: extract-vmlinux.py BZIMAGE OUT
The bzImage carries its payload as one xz or gzip stream after the real-mode setup code; try each
place where such a stream's magic appears and keep the first that decompresses to an ELF file.
"""
import gzip
import lzma
import sys
import zlib

MAGICS = [
    (b"\xfd7zXZ\x00", lambda data: lzma.LZMADecompressor().decompress(data)),
    (b"\x1f\x8b\x08", lambda data: zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data)),
]


def main():
    image, out = sys.argv[1], sys.argv[2]
    data = open(image, "rb").read()
    for magic, inflate in MAGICS:
        at = data.find(magic)
        while at >= 0:
            try:
                elf = inflate(data[at:])
            except (lzma.LZMAError, zlib.error, gzip.BadGzipFile, EOFError):
                elf = b""
            if elf[:4] == b"\x7fELF":
                with open(out, "wb") as f:
                    f.write(elf)
                return 0
            at = data.find(magic, at + 1)
    sys.exit("no xz or gzip stream holding an ELF kernel in " + image)


if __name__ == "__main__":
    main()
