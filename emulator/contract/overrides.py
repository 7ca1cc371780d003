"""Write the patched copy of CometChat's published admin OpenAPI file used by the second
schemathesis pass (the first pass runs the published file unchanged).

Usage: overrides.py SPEC_IN SPEC_OUT UIDS_CSV TOKEN

Every change is listed here with the reason; none of them relaxes what the emulator must accept.
"""
import copy
import json
import sys

src, dst, uids_csv, token = sys.argv[1:5]
uids = uids_csv.split(",")
spec = json.load(open(src))
out = copy.deepcopy(spec)
paths = out["paths"]


def path_params(op):
    for p in op.get("parameters", []):
        if "$ref" in p:
            continue
        yield p


for path, item in paths.items():
    for method, op in item.items():
        for p in path_params(op):
            # Override: the path uid. The published spec only says "string"; its samples name
            # users (cometchat-uid-1 …) that do not exist on a fresh server, so nearly every call
            # ends in 404 and never reaches the handlers. run.sh creates these users first.
            if p["in"] == "path" and p["name"] == "uid":
                p["schema"] = {"type": "string", "enum": uids}
            # Override: the path auth token. The published sample "cometchat-uid-1_1625206799abcdef"
            # is not a real token; run.sh mints one and it is used here.
            if p["in"] == "path" and p["name"] == "authToken":
                p["schema"] = {"type": "string", "enum": [token]}

# Override: the shared `authToken` path parameter component (used by get-authtoken), same reason.
out["components"]["parameters"]["authToken"]["schema"] = {"type": "string", "enum": [token]}
out["components"]["parameters"]["authToken"].pop("examples", None)

# Override (wrong in the published file): list-authtokens documents `appInfo` as a string in the
# response, while update-authtoken takes `appInfo` as a JSON object; the emulator returns what was
# stored, an object.
items = paths["/users/{uid}/auth_tokens"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["data"]["items"]
items["properties"]["appInfo"] = {"type": "object"}

# Override (wrong in the published file): `metadata` is free-form JSON on CometChat ("Additional
# information about the user as JSON"); the spec's `@private.email/contactNumber` properties are a
# documentation sample, not a constraint, so a number in `contactNumber` is valid metadata.
for path, method in (("/users", "post"), ("/users/{uid}", "put")):
    props = paths[path][method]["requestBody"]["content"]["application/json"]["schema"]["properties"]
    props["metadata"] = {"type": "object", "description": props["metadata"].get("description", "")}

# Override: get-user's optional `onBehalfOf` header is dropped here. With a header parameter,
# schemathesis' negative mode also sends unknown extra headers and expects a rejection; no HTTP
# server does that (browsers add headers of their own). Pass 1 still sends onBehalfOf values.
get_user = paths["/users/{uid}"]["get"]
get_user["parameters"] = [p for p in get_user["parameters"] if p.get("$ref") != "#/components/parameters/onBehalfOf"]

# Not overridden, but wrong as samples: `uidsToActivate` defaults to ["tag1"] (a tag, not a uid),
# `unset` defaults to ["avatar"], `tags` to ["tag1"], `metadata` to a fake @private e-mail. They are
# valid input, so the emulator accepts them (unknown uids are skipped by reactivate).

json.dump(out, open(dst, "w"), indent=1)
