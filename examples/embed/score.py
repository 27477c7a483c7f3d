"""score.py — the Python host: the installed package over libnianshen.

    python3 examples/embed/score.py DISTRICT_DIR [SCHEME.lua]
"""
import sys

import nianshen


def main(argv):
    if len(argv) < 2:
        print("usage: score.py DISTRICT_DIR [SCHEME.lua]", file=sys.stderr)
        return 64
    scheme_path = argv[2] if len(argv) > 2 else nianshen.default_scheme()
    print("scheme\t%s" % scheme_path)
    run = nianshen.run(nianshen.Scheme(scheme_path), [argv[1]], jobs=2)
    for res in run:
        if res.load_error:
            print("%d\t-\t%s\t%s" % (res.rank, res.path, res.load_error))
        else:
            print("%d\t%g\t%s" % (res.rank, res.score, res.path))
        for f in sorted(res.failures, key=lambda f: -f.deduction)[:3]:
            ev = f.evidence[0] if f.evidence else None
            where = " (line %d)" % ev.line if ev and ev.line > 0 else ""
            print("    -%g %s %s: %s%s" % (f.deduction, f.severity, f.rule, f.message, where))
    return run.worst


if __name__ == "__main__":
    sys.exit(main(sys.argv))
