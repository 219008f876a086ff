#!/usr/bin/env python3
"""Checks a SARIF log against what GitHub code scanning needs beyond the
SARIF 2.1.0 schema (which json_schema.py checks): the references between
objects, rule names distinct from ids, help links, stable fingerprints.

Usage: validate_sarif.py FILE      exits 1 and lists every problem found
"""
import json
import sys

problems = []


def need(cond, where, what):
    if not cond:
        problems.append("%s: %s" % (where, what))
    return cond


def check_message(m, where):
    if need(isinstance(m, dict), where, "message must be an object"):
        need(isinstance(m.get("text"), str) and m["text"], where, "message.text required")


def check_physical(p, where, base_ids):
    if not need(isinstance(p, dict), where, "physicalLocation must be an object"):
        return
    a = p.get("artifactLocation")
    if need(isinstance(a, dict), where, "artifactLocation required"):
        uri = a.get("uri")
        need(isinstance(uri, str) and uri, where, "artifactLocation.uri required")
        if "uriBaseId" in a:
            need(a["uriBaseId"] in base_ids, where,
                 "uriBaseId %r not in originalUriBaseIds" % a["uriBaseId"])
            need(not uri.startswith("/") and "://" not in uri, where,
                 "a uri with uriBaseId must be relative")
        else:
            need(uri.startswith("file://"), where, "a uri without uriBaseId must be absolute")
    r = p.get("region")
    if r is not None:
        need(isinstance(r.get("startLine"), int) and r["startLine"] >= 1, where,
             "region.startLine must be >= 1")
        if "startColumn" in r:
            need(isinstance(r["startColumn"], int) and r["startColumn"] >= 1, where,
                 "region.startColumn must be >= 1")


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        log = json.load(f)
    need(log.get("version") == "2.1.0", "log", 'version must be "2.1.0"')
    need(isinstance(log.get("$schema"), str) and "sarif" in log["$schema"], "log",
         "$schema must name the SARIF schema")
    runs = log.get("runs")
    if not need(isinstance(runs, list) and runs, "log", "runs must be a non-empty array"):
        return
    for ri, run in enumerate(runs):
        w = "runs[%d]" % ri
        driver = run.get("tool", {}).get("driver")
        if not need(isinstance(driver, dict), w, "tool.driver required"):
            continue
        need(isinstance(driver.get("name"), str) and driver["name"], w, "tool.driver.name required")
        need(isinstance(driver.get("informationUri"), str), w, "tool.driver.informationUri expected")
        rules = driver.get("rules", [])
        ids = []
        for i, rule in enumerate(rules):
            rw = "%s.tool.driver.rules[%d]" % (w, i)
            need(isinstance(rule.get("id"), str) and rule["id"], rw, "id required")
            ids.append(rule.get("id"))
            check_message(rule.get("shortDescription"), rw + ".shortDescription")
            need(isinstance(rule.get("helpUri"), str) and
                 rule["helpUri"].startswith(("https://", "file:///")), rw, "helpUri expected")
            need(isinstance(rule.get("name"), str) and rule["name"] != rule.get("id"), rw,
                 "name must be a readable name distinct from the id")
            check_message(rule.get("help"), rw + ".help")
        need(len(ids) == len(set(ids)), w, "rule ids must be unique")
        base_ids = run.get("originalUriBaseIds", {})
        for k, v in base_ids.items():
            need(v.get("uri", "").endswith("/"), w, "originalUriBaseIds[%s].uri must end in /" % k)
        results = run.get("results")
        if not need(isinstance(results, list), w, "results must be an array"):
            continue
        for i, res in enumerate(results):
            rw = "%s.results[%d]" % (w, i)
            check_message(res.get("message"), rw)
            rid = res.get("ruleId")
            need(rid in ids, rw, "ruleId %r not among the rules" % rid)
            if "ruleIndex" in res:
                idx = res["ruleIndex"]
                need(isinstance(idx, int) and 0 <= idx < len(rules) and rules[idx]["id"] == rid,
                     rw, "ruleIndex does not point at rule %r" % rid)
            need(res.get("level", "warning") in ("none", "note", "warning", "error"), rw, "bad level")
            need(isinstance(res.get("partialFingerprints"), dict) and res["partialFingerprints"],
                 rw, "partialFingerprints expected (alerts are tracked across line shifts by them)")
            locs = res.get("locations")
            if need(isinstance(locs, list) and locs, rw, "locations required (code scanning)"):
                for j, loc in enumerate(locs):
                    check_physical(loc.get("physicalLocation"), "%s.locations[%d]" % (rw, j), base_ids)
            for j, rel in enumerate(res.get("relatedLocations", [])):
                check_physical(rel.get("physicalLocation"), "%s.relatedLocations[%d]" % (rw, j), base_ids)
                check_message(rel.get("message"), "%s.relatedLocations[%d]" % (rw, j))
            for j, fix in enumerate(res.get("fixes", [])):
                fw = "%s.fixes[%d]" % (rw, j)
                changes = fix.get("artifactChanges")
                if need(isinstance(changes, list) and changes, fw, "artifactChanges required"):
                    for c in changes:
                        need("artifactLocation" in c, fw, "artifactChange.artifactLocation required")
                        for rep in c.get("replacements", []):
                            need("deletedRegion" in rep, fw, "replacement.deletedRegion required")
    if problems:
        sys.stderr.write("invalid SARIF:\n  " + "\n  ".join(problems) + "\n")
        sys.exit(1)
    print("valid SARIF: %d run(s), %d result(s)" % (len(runs), sum(len(r.get("results", [])) for r in runs)))


main()
