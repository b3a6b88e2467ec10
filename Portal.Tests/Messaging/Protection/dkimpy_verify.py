# Independent DKIM check with dkimpy (Debian python3-dkim): verifies every DKIM-Signature in the
# message on stdin against the TXT records given as JSON in argv[1] instead of DNS.
# Prints one line per signature and exits 0 only when there is at least one and all verify.
import json, re, sys
import dkim

records = json.loads(sys.argv[1])
message = sys.stdin.buffer.read()

def dnsfunc(name, timeout=5):
    key = name.decode() if isinstance(name, bytes) else name
    return records.get(key.rstrip('.').lower(), '').encode()

headers = message.split(b'\r\n\r\n', 1)[0]
count = len(re.findall(rb'^dkim-signature:', headers, re.IGNORECASE | re.MULTILINE))
ok = count > 0
d = dkim.DKIM(message)
for idx in range(count):
    try:
        result = d.verify(idx=idx, dnsfunc=dnsfunc)
    except Exception as e:
        result = False
        print('signature %d error: %s' % (idx, e))
    algorithm = d.signature_fields.get(b'a', b'?').decode() if d.signature_fields else '?'
    print('signature %d %s: %s' % (idx, algorithm, 'pass' if result else 'fail'))
    ok = ok and result
print('signatures: %d, all pass: %s' % (count, ok))
sys.exit(0 if ok else 1)
