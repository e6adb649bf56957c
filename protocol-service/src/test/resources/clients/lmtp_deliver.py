# Delivers one message to two recipients with Python's smtplib.LMTP (RFC 2033) and prints the replies.
# smtplib reads one reply after DATA; LMTP sends one per recipient, so the others are read with getreply().
import smtplib, sys
host, port, sender, rcpt1, rcpt2, message_file = sys.argv[1:7]
message = open(message_file, 'rb').read()
with smtplib.LMTP(host, int(port)) as lmtp:
    lmtp.ehlo_or_helo_if_needed = lambda: None
    code, _ = lmtp.docmd('LHLO', 'python.client.test')
    assert code == 250, code
    lmtp.does_esmtp = True
    refused = lmtp.sendmail(sender, [rcpt1, rcpt2], message)
    extra = lmtp.getreply()
    print('refused', refused)
    print('second', extra[0])
