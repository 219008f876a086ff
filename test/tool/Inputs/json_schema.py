#!/usr/bin/env python3
"""Validates a JSON document against a JSON Schema (draft-04/07), stdlib only.

Usage: json_schema.py SCHEMA DOCUMENT
Prints "valid: DOCUMENT" and exits 0, or prints one line per violation
("<json pointer>: <what is wrong>") and exits 1.

Supported keywords (every one the SARIF 2.1.0 schema uses): type, enum,
properties, required, additionalProperties, items, minItems, maxItems,
uniqueItems, minimum, maximum, pattern, $ref (to "#" and "#/definitions/..."),
anyOf, oneOf, allOf, and format "uri", "uri-reference" (RFC 3986) and
"date-time" (RFC 3339). Annotations (description, default, title, ...) are
skipped. A keyword that is neither is an error, so a schema that needs more
than this validator knows is never half-checked.
"""
import json
import re
import sys

ANNOTATIONS = {"$schema", "id", "$id", "title", "description", "default",
               "definitions", "examples", "$comment"}
KEYWORDS = {"type", "enum", "properties", "required", "additionalProperties",
            "items", "minItems", "maxItems", "uniqueItems", "minimum", "maximum",
            "pattern", "$ref", "anyOf", "oneOf", "allOf", "format"}

# RFC 3986: the characters a URI may contain, and the scheme of an absolute one.
URI_CHARS = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


class Validator:
    def __init__(self, schema):
        self.root = schema
        self.errors = []

    def resolve(self, ref):
        if ref == "#":
            return self.root
        if not ref.startswith("#/"):
            raise ValueError("unsupported $ref %r (only local references)" % ref)
        node = self.root
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            node = node[part]
        return node

    @staticmethod
    def type_ok(value, name):
        if name == "object":
            return isinstance(value, dict)
        if name == "array":
            return isinstance(value, list)
        if name == "string":
            return isinstance(value, str)
        if name == "boolean":
            return isinstance(value, bool)
        if name == "null":
            return value is None
        if name == "integer":
            return (isinstance(value, int) and not isinstance(value, bool)) or \
                (isinstance(value, float) and value.is_integer())
        if name == "number":
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        raise ValueError("unknown type %r in the schema" % name)

    @staticmethod
    def format_problem(value, fmt):
        if fmt in ("uri", "uri-reference"):
            if not URI_CHARS.match(value):
                return "is not an RFC 3986 %s (characters that must be percent-encoded)" % fmt
            if fmt == "uri" and not SCHEME.match(value):
                return "is not an absolute URI (no scheme)"
            return None
        if fmt == "date-time":
            return None if DATE_TIME.match(value) else "is not an RFC 3339 date-time"
        raise ValueError("unknown format %r in the schema" % fmt)

    def check(self, value, schema, where, errors):
        """Appends to errors what is wrong with value under schema."""
        if schema is True or schema == {}:
            return
        if schema is False:
            errors.append("%s: no value allowed here" % where)
            return
        for key in schema:
            if key not in KEYWORDS and key not in ANNOTATIONS:
                raise ValueError("unsupported keyword %r at %s" % (key, where))
        if "$ref" in schema:
            # draft-04/07: a $ref replaces every sibling keyword.
            self.check(value, self.resolve(schema["$ref"]), where, errors)
            return
        if "type" in schema:
            types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            if not any(self.type_ok(value, t) for t in types):
                errors.append("%s: %s is not of type %s"
                              % (where, json.dumps(value)[:60], " or ".join(types)))
                return
        if "enum" in schema and value not in schema["enum"]:
            errors.append("%s: %s is not one of %s" % (where, json.dumps(value), schema["enum"]))
        if isinstance(value, dict):
            props = schema.get("properties", {})
            for name in schema.get("required", []):
                if name not in value:
                    errors.append("%s: required property '%s' is missing" % (where, name))
            extra = schema.get("additionalProperties", True)
            for name, item in value.items():
                at = "%s/%s" % (where, name.replace("~", "~0").replace("/", "~1"))
                if name in props:
                    self.check(item, props[name], at, errors)
                elif extra is False:
                    errors.append("%s: property '%s' is not allowed" % (where, name))
                else:
                    self.check(item, extra, at, errors)
        if isinstance(value, list):
            items = schema.get("items")
            if isinstance(items, list):
                for i, (item, sub) in enumerate(zip(value, items)):
                    self.check(item, sub, "%s/%d" % (where, i), errors)
            elif items is not None:
                for i, item in enumerate(value):
                    self.check(item, items, "%s/%d" % (where, i), errors)
            if len(value) < schema.get("minItems", 0):
                errors.append("%s: fewer than %d items" % (where, schema["minItems"]))
            if "maxItems" in schema and len(value) > schema["maxItems"]:
                errors.append("%s: more than %d items" % (where, schema["maxItems"]))
            if schema.get("uniqueItems"):
                seen = set()
                for item in value:
                    canonical = json.dumps(item, sort_keys=True)
                    if canonical in seen:
                        errors.append("%s: items are not unique (%s)" % (where, canonical[:60]))
                        break
                    seen.add(canonical)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if "minimum" in schema and value < schema["minimum"]:
                errors.append("%s: %s is less than the minimum %s" % (where, value, schema["minimum"]))
            if "maximum" in schema and value > schema["maximum"]:
                errors.append("%s: %s is greater than the maximum %s" % (where, value, schema["maximum"]))
        if isinstance(value, str):
            if "pattern" in schema and not re.search(schema["pattern"], value):
                errors.append("%s: %r does not match the pattern %r" % (where, value, schema["pattern"]))
            if "format" in schema:
                problem = self.format_problem(value, schema["format"])
                if problem:
                    errors.append("%s: %r %s" % (where, value, problem))
        for sub in schema.get("allOf", []):
            self.check(value, sub, where, errors)
        if "anyOf" in schema:
            if not any(self.passes(value, sub, where) for sub in schema["anyOf"]):
                errors.append("%s: matches none of anyOf" % where)
        if "oneOf" in schema:
            matching = sum(1 for sub in schema["oneOf"] if self.passes(value, sub, where))
            if matching != 1:
                errors.append("%s: matches %d of oneOf, not exactly one" % (where, matching))

    def passes(self, value, schema, where):
        errors = []
        self.check(value, schema, where, errors)
        return not errors

    def validate(self, value):
        self.errors = []
        self.check(value, self.root, "", self.errors)
        return self.errors


def main():
    if len(sys.argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f:
        document = json.load(f)
    errors = Validator(schema).validate(document)
    for e in errors:
        print("(root)" + e if e.startswith(":") else e)
    if errors:
        return 1
    print("valid: %s" % sys.argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
