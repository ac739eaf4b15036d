#!/usr/bin/python3
"""interop_check.py — checks of the files formaudit writes for other tools (tests/cli/interop.sh).

  interop_check.py sarif SCHEMA FILE...   each FILE valid against the OASIS SARIF 2.1.0 schema
                                          (python3-jsonschema; exit 77 without it), and what
                                          viewers rely on: every ruleId described by the
                                          driver at its ruleIndex, level from the severity,
                                          a logical location for field findings
  interop_check.py pia SHAPE DIR          each DIR/*.pia (the reports of an `audit -f pia -o DIR`)
                                          has the shape the CNIL PIA tool exports and imports
                                          (SHAPE: keys and types taken from the tool's own
                                          example, see tests/data/interop/README.md), question
                                          ids the tool knows, evaluations left empty, every
                                          text the HTML its editor writes, and for every
                                          document DIR/index.json says was read, answers to
                                          121, 213 and 221 at least
  interop_check.py shape EXAMPLE ARCH     print SHAPE from the PIA tool's example export and
                                          its pia_architecture.json

Exit 0 when every file passes, 1 otherwise (each problem printed as FILE: message)."""
import json
import os
import sys
import xml.etree.ElementTree as ET

LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}


def type_name(v):
    return {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer",
            float: "number", type(None): "null"}[type(v)]


# ---------------------------------------------------------------- SARIF

def check_sarif(schema_path, files):
    try:
        import jsonschema
    except ImportError:
        print("SKIP: python3-jsonschema not installed (scripts/deps.sh test)")
        sys.exit(77)
    schema = json.load(open(schema_path, encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema)
    bad = 0
    for f in files:
        log = json.load(open(f, encoding="utf-8"))
        errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
        for e in errors[:5]:
            print(f"{f}: schema: {'/'.join(map(str, e.path))}: {e.message[:200]}")
        bad += bool(errors)
        problems = []
        for run in log.get("runs", []):
            rules = run["tool"]["driver"].get("rules", [])
            ids = [r["id"] for r in rules]
            if len(set(ids)) != len(ids):
                problems.append("a rule described twice")
            for r in run.get("results", []):
                rid, idx = r.get("ruleId"), r.get("ruleIndex")
                if rid not in ids:
                    problems.append(f"result of rule {rid} the driver does not describe")
                elif idx is None or ids[idx] != rid:
                    problems.append(f"result of rule {rid}: ruleIndex {idx} names another")
                props = r.get("properties", {})
                if LEVEL.get(props.get("severity")) != r.get("level"):
                    problems.append(f"{rid}: level {r.get('level')} for severity {props.get('severity')}")
                loc = r["locations"][0]
                if "field" in props and not loc.get("logicalLocations"):
                    problems.append(f"{rid}: field finding without a logical location")
                region = loc["physicalLocation"].get("region")
                if region is not None and props.get("quote") and \
                        region.get("snippet", {}).get("text") != props["quote"]:
                    problems.append(f"{rid}: region without the quote as its snippet")
        for p in sorted(set(problems))[:5]:
            print(f"{f}: {p}")
        bad += bool(problems)
    print(f"sarif: {len(files)} file(s), {bad} failing")
    return bad == 0


# ---------------------------------------------------------------- PIA

ALLOWED = {"p", "ul", "ol", "li", "strong", "em", "br"}


def html_problems(text):
    """TEXT as the PIA tool's editor writes it: well-formed, escaped, paragraphs, lists and
    emphasis only, list items in lists, blocks not inside paragraphs."""
    try:
        root = ET.fromstring("<div>" + text + "</div>")
    except ET.ParseError as e:
        return [f"not well-formed HTML ({e}): {text[:120]!r}"]
    out = []

    def walk(node):
        for child in node:
            if child.tag not in ALLOWED:
                out.append(f"element <{child.tag}>")
            if child.tag == "li" and node.tag not in ("ul", "ol"):
                out.append(f"<li> inside <{node.tag}>")
            if child.tag in ("p", "ul", "ol") and node.tag not in ("div", "li"):
                out.append(f"<{child.tag}> inside <{node.tag}>")
            walk(child)
    walk(root)
    return out


def check_types(where, obj, shape, problems, nullable=()):
    for k, v in obj.items():
        if k not in shape:
            problems.append(f"{where}: key {k} the PIA tool does not have")
            continue
        t = type_name(v)
        if t not in shape[k] and not (t == "null" and k in nullable):
            problems.append(f"{where}.{k}: {t}, the tool has {'/'.join(shape[k])}")


def check_pia(shape_path, outdir):
    shape = json.load(open(shape_path, encoding="utf-8"))
    questions = set(shape["questions"])
    index = json.load(open(os.path.join(outdir, "index.json"), encoding="utf-8"))
    read = {os.path.join(outdir, x["report"] + ".pia"): x["status"] == "ok"
            for x in index["documents"] if x.get("report")}
    files = sorted(read)
    bad = 0
    for f in files:
        d = json.load(open(f, encoding="utf-8"))
        p = []
        if sorted(d) != shape["top"]:
            p.append(f"top keys {sorted(d)}, the tool has {shape['top']}")
        for k in ("answers", "measures", "evaluations", "comments"):
            if not isinstance(d.get(k), list):
                p.append(f"{k} is not an array (the import iterates over it)")
        if not isinstance(d.get("pia"), dict):
            p.append("no pia object (the import refuses the file)")
            print(f"{f}: " + "; ".join(p))
            bad += 1
            continue
        check_types("pia", d["pia"], shape["pia"], p, nullable=shape["pia_left_to_dpo"])
        for k in ("name", "status", "created_at"):
            if k not in d["pia"]:
                p.append(f"pia.{k} missing")
        if d["evaluations"]:
            p.append("evaluations pre-filled: they are the DPO's")
        refs = []
        for a in d["answers"]:
            check_types("answer", a, shape["answer"], p)
            check_types("answer.data", a.get("data", {}), shape["answer.data"], p)
            refs.append(a.get("reference_to"))
            if a.get("reference_to") not in questions:
                p.append(f"answer to question {a.get('reference_to')} the tool does not have")
            p += [f"answer {a.get('reference_to')}: {x}" for x in html_problems(a["data"]["text"])]
        for q in (121, 213, 221):
            if read[f] and q not in refs:
                p.append(f"no answer to {q}")
        if not read[f] and refs:
            p.append("answers pre-filled from a document that could not be read")
        if len(set(refs)) != len(refs):
            p.append("a question answered twice")
        ids = []
        for m in d["measures"]:
            check_types("measure", m, shape["measure"], p)
            ids.append(m.get("id"))
            p += [f"measure {m.get('id')}: {x}" for x in html_problems(m.get("content", ""))]
        if len(set(ids)) != len(ids):
            p.append("two measures with one id")
        for c in d["comments"]:
            check_types("comment", c, shape["comment"], p)
            if c.get("reference_to") not in questions:
                p.append(f"comment on question {c.get('reference_to')} the tool does not have")
        for x in sorted(set(p))[:8]:
            print(f"{f}: {x}")
        bad += bool(p)
    print(f"pia: {len(files)} file(s) ({sum(read.values())} of documents read), {bad} failing")
    return bad == 0


def shape(example_path, arch_path):
    ex = json.load(open(example_path, encoding="utf-8"))
    arch = json.load(open(arch_path, encoding="utf-8"))

    def types(objs):
        out = {}
        for o in objs:
            for k, v in o.items():
                out.setdefault(k, set()).add(type_name(v))
        return {k: sorted(v) for k, v in sorted(out.items())}
    qs = sorted(q["id"] for s in arch["sections"] for i in s["items"] for q in i.get("questions", []))
    return {
        "source": "derived by tests/cli/interop_check.py shape from the PIA tool's example "
                  "export and pia_architecture.json (LINCnil/pia, v4.1 line)",
        "top": sorted(ex),
        # what the importer copies besides the example's keys (PIA-EXPORT.md)
        "pia": {**types([ex["pia"]]), "structure_id": ["integer"], "structure_name": ["string"],
                "structure_sector_name": ["string"], "structure_data": ["object"]},
        # opinions a DPO or the people concerned give: an export may leave them unset
        "pia_left_to_dpo": ["dpo_status", "concerned_people_status",
                            "concerned_people_searched_opinion"],
        "answer": types(ex["answers"]),
        "answer.data": types(a["data"] for a in ex["answers"]),
        "measure": types(ex["measures"]),
        "evaluation": types(ex["evaluations"]),
        "comment": types(ex["comments"]),
        "questions": qs,
    }


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    cmd, first, rest = sys.argv[1], sys.argv[2], sys.argv[3:]
    if cmd == "shape" and rest:
        print(json.dumps(shape(first, rest[0]), indent=1, ensure_ascii=False))
    elif cmd == "sarif":
        sys.exit(0 if check_sarif(first, rest) else 1)
    elif cmd == "pia":
        sys.exit(0 if rest and check_pia(first, rest[0]) else 1)
    else:
        sys.exit(__doc__)
