# Lists, retrieves and deletes every message with Python's poplib, over implicit TLS (POP3_SSL) or STLS (RFC 2595),
# and writes each retrieved message (trace headers removed) to OUT_DIR/N.eml.
import poplib, ssl, sys, os
mode, host, port, user, password, out_dir = sys.argv[1:7]
context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE
if mode == 'ssl':
    pop = poplib.POP3_SSL(host, int(port), context=context)
else:
    pop = poplib.POP3(host, int(port))
    caps = pop.capa()
    assert 'STLS' in caps, caps
    pop.stls(context=context)
    assert 'STLS' not in pop.capa()
pop.user(user)
pop.pass_(password)
count, size = pop.stat()
listing = pop.list()[1]
uidls = pop.uidl()[1]
assert len(listing) == count == len(uidls), (listing, uidls)
for n in range(1, count + 1):
    lines = pop.retr(n)[1]
    i = 0
    while i < len(lines) and (lines[i].startswith((b'Return-Path:', b'Delivered-To:', b'Received:'))
                              or lines[i].startswith((b'\t', b' '))):
        i += 1
    with open(os.path.join(out_dir, '%d.eml' % n), 'wb') as f:
        f.write(b''.join(line + b'\r\n' for line in lines[i:]))
    pop.dele(n)
print(pop.quit().decode())
print('count', count)
