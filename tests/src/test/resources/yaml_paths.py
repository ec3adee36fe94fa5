#!/usr/bin/env python3
"""Flattens YAML documents to one "path=value" line per scalar, for tests written in Java:
doc[2].spec.template.spec.hostPID=True

usage: yaml_paths.py FILE
"""
import sys

import yaml


def walk(prefix, node):
    if isinstance(node, dict):
        for k, v in node.items():
            walk("%s.%s" % (prefix, k), v)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            walk("%s[%d]" % (prefix, i), v)
    else:
        print("%s=%s" % (prefix, node))


def main():
    with open(sys.argv[1]) as f:
        for i, doc in enumerate(yaml.safe_load_all(f)):
            walk("doc[%d]" % i, doc)


if __name__ == "__main__":
    main()
