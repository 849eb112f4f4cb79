"""A stand-in reader server: hangs on a path ending in "hang", dies on "crash", else answers."""

import json
import os
import sys
import time

if __name__ == "__main__":
    for line in sys.stdin:
        path = line.strip()
        if path.endswith("hang"):
            time.sleep(60)
        if path.endswith("crash"):
            os._exit(3)
        sys.stdout.write(json.dumps({"path": path, "pid": os.getpid()}) + "\n")
        sys.stdout.flush()
