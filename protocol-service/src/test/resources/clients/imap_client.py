# Drives the IMAP server with Python's imaplib (STARTTLS or implicit TLS): APPEND, SELECT, FETCH, STORE, SEARCH,
# COPY, EXPUNGE, LOGOUT; checks the answers. Leaves the account as it found it (INBOX empty again).
import imaplib, ssl, sys
mode, host, port, user, password = sys.argv[1:6]
context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE
if mode == 'ssl':
    imap = imaplib.IMAP4_SSL(host, int(port), ssl_context=context)
else:
    imap = imaplib.IMAP4(host, int(port))
    imap.starttls(ssl_context=context)
imap.login(user, password)
message = b'From: Python <py@example.com>\r\nTo: alice@example.com\r\nSubject: from imaplib\r\n\r\nline one\r\nline two\r\n'
typ, data = imap.append('INBOX', '(\\Flagged)', None, message)
assert typ == 'OK', (typ, data)
typ, data = imap.select('INBOX')
assert typ == 'OK' and data[0] == b'1', (typ, data)
typ, data = imap.fetch('1', '(RFC822)')
assert typ == 'OK' and data[0][1] == message, data
typ, data = imap.uid('SEARCH', None, 'SUBJECT', '"from imaplib"')
assert typ == 'OK' and data[0] != b'', data
typ, data = imap.fetch('1', '(FLAGS)')
assert b'\\Seen' in data[0] and b'\\Flagged' in data[0], data
typ, data = imap.copy('1', 'Archive')
assert typ == 'OK', (typ, data)
typ, data = imap.store('1', '+FLAGS', '(\\Deleted)')
assert typ == 'OK', (typ, data)
typ, data = imap.expunge()
assert typ == 'OK' and data[0] == b'1', (typ, data)
typ, data = imap.status('Archive', '(MESSAGES)')
assert typ == 'OK', data
typ, data = imap.list()
assert typ == 'OK' and any(b'INBOX' in line for line in data), data
imap.close()
imap.logout()
print('done')
