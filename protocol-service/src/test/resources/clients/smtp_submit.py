# Submits one message file with Python's smtplib (RFC 6409): over STARTTLS (RFC 3207) with AUTH PLAIN, or over
# implicit TLS (RFC 8314, SMTP_SSL) with AUTH LOGIN; prints the reply to the end of data. Exits non-zero unless 250.
import smtplib, ssl, sys
mode, host, port, user, password, sender, recipients, message_file = sys.argv[1:9]
message = open(message_file, 'rb').read()
context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE
if mode == 'ssl':
    smtp = smtplib.SMTP_SSL(host, int(port), context=context)
    smtp.ehlo('python.client.test')
    assert not smtp.has_extn('starttls'), smtp.esmtp_features
    smtp.user, smtp.password = user, password
    code, reply = smtp.auth('LOGIN', smtp.auth_login, initial_response_ok=False)
else:
    smtp = smtplib.SMTP(host, int(port))
    smtp.ehlo('python.client.test')
    assert smtp.has_extn('starttls'), smtp.esmtp_features
    smtp.starttls(context=context)
    smtp.ehlo('python.client.test')
    assert not smtp.has_extn('starttls'), smtp.esmtp_features
    code, reply = smtp.login(user, password)
assert code == 235, (code, reply)
for extension in ('size', 'pipelining', '8bitmime', 'smtputf8', 'enhancedstatuscodes', 'chunking'):
    assert smtp.has_extn(extension), (extension, smtp.esmtp_features)
code, reply = smtp.mail(sender, ['BODY=8BITMIME', 'SIZE=%d' % len(message)])
assert code == 250, (code, reply)
for rcpt in recipients.split(','):
    code, reply = smtp.rcpt(rcpt)
    assert code == 250, (rcpt, code, reply)
code, reply = smtp.data(message)
print(code, reply.decode())
assert code == 250, (code, reply)
smtp.quit()
