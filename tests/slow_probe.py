"""A stand-in for a parser caught in a loop: used to prove the sandbox's time limit."""

import time

time.sleep(30)
