# dkimpy's (Debian python3-dkim) relaxed body canonicalisation, as an independent reference:
# reads a JSON list of base64 bodies on stdin, prints a JSON list of base64 canonical bodies.
import base64, json, sys
from dkim.canonicalization import Relaxed

bodies = [base64.b64decode(b) for b in json.load(sys.stdin)]
json.dump([base64.b64encode(Relaxed.canonicalize_body(b)).decode() for b in bodies], sys.stdout)
