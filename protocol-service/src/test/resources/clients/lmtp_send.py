# Delivers one message file to one recipient with Python's smtplib.LMTP (RFC 2033); exits non-zero unless it got 250.
import smtplib, sys
host, port, sender, rcpt, message_file = sys.argv[1:6]
message = open(message_file, 'rb').read()
with smtplib.LMTP(host, int(port)) as lmtp:
    lmtp.ehlo_or_helo_if_needed = lambda: None
    code, _ = lmtp.docmd('LHLO', 'debian.client.test')
    assert code == 250, code
    lmtp.does_esmtp = True
    refused = lmtp.sendmail(sender, [rcpt], message)
    assert refused == {}, refused
    print('delivered')
