#!/usr/bin/env bash
# The gateway's public paths against the REAL internal services (the @QuarkusTests use UpstreamStubs). Needs a
# running stack:
#
#   POSTVAULT_VAR_DIR=/tmp/pv POSTVAULT_PORT_OFFSET=600 deploy/local/postvault up
#   POSTVAULT_VAR_DIR=/tmp/pv POSTVAULT_PORT_OFFSET=600 gateway/src/test/e2e/real-services.sh
#
# Creates example-e2e.test, an account, delivers a 5 MB message over LMTP, removes it over POP3 (STLS), then reads,
# streams and deletes its archive entry through the gateway; logs in as its postmaster and as the user (password
# checked by protocol-service) and checks what each token reaches; reads the gauge (quota-service) and the history
# (search-service); and cleans up. Exits non-zero at the first surprise.
set -euo pipefail
OFF="${POSTVAULT_PORT_OFFSET:-0}"
G="http://127.0.0.1:$((8080 + OFF))"
T="${POSTVAULT_ADMIN_TOKEN:-$(cat "${POSTVAULT_VAR_DIR:-var}/admin-token")}"
D=example-e2e.test
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

call() { # METHOD PATH EXPECTED_STATUS [JSON]
  local code
  code=$(curl -s -o "$WORK/body" -w '%{http_code}' -X "$1" -H "Authorization: Bearer ${AS:-$T}" \
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
call POST /api/v1/domains/$D/accounts 201 '{"localPart":"postmaster","password":"postmaster secret","kind":"PERSONAL","role":"DOMAIN_ADMIN"}'

token() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["token"])' "$WORK/body"; }
call POST /api/v1/auth/login 401 "{\"username\":\"postmaster@$D\",\"password\":\"wrong password\"}"
has /problems/invalid-credentials
call POST /api/v1/auth/login 401 "{\"username\":\"box@$D\",\"password\":\"any password\"}"
call POST /api/v1/auth/login 200 "{\"username\":\"PostMaster@$D\",\"password\":\"postmaster secret\"}"
has '"role":"DOMAIN_ADMIN"'
PM=$(token)
call POST /api/v1/auth/login 200 "{\"username\":\"alice@$D\",\"password\":\"another secret\"}"
has '"role":"USER"'
ALICE=$(token)
AS=$PM call GET "/api/v1/domains/$D/accounts" 200; has '"address":"postmaster@'
AS=$PM call GET "/api/v1/domains/other-$D" 404; has /problems/not-found
AS=$PM call DELETE "/api/v1/domains/$D" 403; has /problems/forbidden
for _ in $(seq 1 30); do # quota-service learns of the domain through Kafka
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $PM" "$G/api/v1/domains/$D/usage")
  [[ "$code" == 200 ]] && break; sleep 1
done
AS=$PM call GET "/api/v1/domains/$D/usage" 200; has '"live":{'
AS=$PM call GET "/api/v1/domains/$D/usage/history?days=30" 200; has '"items":\['
AS=$PM call GET "/api/v1/domains/$D/usage/accounts" 200
AS=$PM call GET "/api/v1/domains/$D/plan" 200; has '"quotaBytes":1073741824'
AS=$PM call GET "/api/v1/domains/$D/history?q=anything" 200; has '"total":'
AS=$ALICE call GET "/api/v1/accounts/alice@$D/usage" 200
AS=$ALICE call GET "/api/v1/accounts/postmaster@$D/usage" 404
AS=$ALICE call GET "/api/v1/domains/$D/accounts" 403

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
for _ in $(seq 1 60); do # so does the search index
  AS=$ALICE call GET "/api/v1/accounts/alice@$D/history?q=fox" 200 >/dev/null; grep -q '"total":1' "$WORK/body" && break
  sleep 1
done
has '"subject":"e2e big"'
AS=$ALICE call POST /api/v1/auth/logout 204
AS=$ALICE call GET /api/v1/auth/me 401
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
AS=$PM call GET /api/v1/auth/me 200
call DELETE /api/v1/domains/$D 204
AS=$PM call GET /api/v1/auth/me 401
call GET /api/v1/domains/$D 404
curl -s -o /dev/null -w '%{http_code}' "$G/api/v1/domains/$D" | grep -q 401 && echo "ok   no token -> 401"
echo "all checks passed"
