#!/usr/bin/env bash
# The gateway's public paths of this round against the REAL protocol-service and archive-service (the @QuarkusTests
# use UpstreamStubs). Needs a running stack with at least gateway, protocol-service and archive-service:
#
#   POSTVAULT_VAR_DIR=/tmp/pv POSTVAULT_PORT_OFFSET=600 deploy/local/postvault up
#   POSTVAULT_VAR_DIR=/tmp/pv POSTVAULT_PORT_OFFSET=600 gateway/src/test/e2e/real-services.sh
#
# Creates example-e2e.test, an account, delivers a 5 MB message over LMTP, removes it over POP3 (STLS), then reads,
# streams and deletes its archive entry through the gateway, and cleans up. Exits non-zero at the first surprise.
set -euo pipefail
OFF="${POSTVAULT_PORT_OFFSET:-0}"
G="http://127.0.0.1:$((8080 + OFF))"
T="${POSTVAULT_ADMIN_TOKEN:-$(cat "${POSTVAULT_VAR_DIR:-var}/admin-token")}"
D=example-e2e.test
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

call() { # METHOD PATH EXPECTED_STATUS [JSON]
  local code
  code=$(curl -s -o "$WORK/body" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $T" \
      ${4:+-H 'Content-Type: application/json' -d "$4"} "$G$2")
  if [[ "$code" != "$3" ]]; then
    echo "FAIL $1 $2: $code, expected $3: $(cat "$WORK/body")" >&2
    exit 1
  fi
  echo "ok   $1 $2 -> $code"
}
has() { grep -q -- "$1" "$WORK/body" || { echo "FAIL: no $1 in $(cat "$WORK/body")" >&2; exit 1; }; }

call POST /api/v1/domains 201 "{\"name\":\"$D\",\"quotaBytes\":1073741824}"
call POST /api/v1/domains 409 "{\"name\":\"$D\",\"quotaBytes\":1073741824}"; has /problems/conflict
call GET /api/v1/domains/$D 200; has "\"name\":\"$D\""
call GET /api/v1/domains/nope.$D 404; has /problems/not-found
call GET /api/v1/domains/bad_name.$D 400; has '"field":"domain"'
call POST /api/v1/domains/$D/accounts 201 '{"localPart":"alice","password":"correct horse","kind":"PERSONAL"}'
call POST /api/v1/domains/$D/accounts 400 '{"localPart":"box","kind":"SHARED","password":"not for shared"}'
has '"field":"password"'
call POST /api/v1/domains/$D/accounts 201 '{"localPart":"box","kind":"SHARED"}'
call GET "/api/v1/domains/$D/accounts?limit=1" 200; has '"nextCursor":"'
call PUT /api/v1/domains/$D/accounts/alice/password 204 '{"password":"another secret"}'
call PUT /api/v1/domains/$D/accounts/box/password 409 '{"password":"another secret"}'

python3 - "$((1024 + OFF))" "$((1110 + OFF))" "$D" "$WORK/sent.eml" <<'PY'
import poplib, smtplib, ssl, sys
lmtp, pop3, domain, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
body = ("From: Carol <carol@example.org>\r\nTo: alice@%s\r\nSubject: e2e big\r\n\r\n" % domain
        + "".join("line %07d the quick brown fox\r\n" % i for i in range(150000))).encode()
open(out, "wb").write(body)
l = smtplib.LMTP("127.0.0.1", lmtp); l.sendmail("carol@example.org", ["alice@" + domain], body); l.quit()
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
p = poplib.POP3("127.0.0.1", pop3); p.stls(ctx); p.user("alice@" + domain); p.pass_("another secret")
p.retr(1); p.dele(1); p.quit()
PY

A=/api/v1/accounts/alice@$D/archive
for _ in $(seq 1 60); do # the archive learns of the removal through Kafka
  call GET "$A" 200 >/dev/null; grep -q '"id"' "$WORK/body" && break; sleep 1
done
has '"subject":"e2e big"'
ID=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["items"][0]["id"])' "$WORK/body")
call GET "$A?direction=SENT" 200; has '"items":\[\]'
call GET "$A?after=yesterday" 400; has '"field":"after"'
call GET "$A?cursor=bogus" 400; has /problems/invalid-parameter
call GET "$A/$ID" 200; has '"direction":"RECEIVED"'
curl -sf -H "Authorization: Bearer $T" -o "$WORK/got.eml" "$G$A/$ID/raw"
# LMTP adds trace headers above the message: compare from the Subject on
cmp <(sed -n '/^Subject/,$p' "$WORK/got.eml") <(sed -n '/^Subject/,$p' "$WORK/sent.eml")
echo "ok   GET $A/$ID/raw: $(stat -c %s "$WORK/got.eml") bytes, the message as sent"
call DELETE "$A/$ID" 204
call DELETE "$A/$ID" 404
call DELETE /api/v1/domains/$D/accounts/box 204
call DELETE /api/v1/domains/$D 204
call GET /api/v1/domains/$D 404
curl -s -o /dev/null -w '%{http_code}' "$G/api/v1/domains/$D" | grep -q 401 && echo "ok   no token -> 401"
echo "all checks passed"
