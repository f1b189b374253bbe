#!/usr/bin/env python3
"""Mints an HS256 bearer token for trying booking-service in SECURITY_MODE=jwt (development only).

    JWT_HMAC_SECRET=... python3 scripts/dev-token.py USER_ID [--admin] [--minutes N]

The secret comes from the environment (or .env), never from the command line, so it stays out of
the shell history and the process list. --admin adds the bookings:admin scope (creating events,
the actuator). Standard library only.
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import sys
import time


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def secret_from_env() -> str:
    secret = os.environ.get("JWT_HMAC_SECRET", "")
    if not secret and os.path.exists(".env"):
        for line in open(".env", encoding="utf-8"):
            if line.startswith("JWT_HMAC_SECRET="):
                secret = line.split("=", 1)[1].strip()
    return secret


def main() -> int:
    parser = argparse.ArgumentParser(description="Mint a development HS256 token for booking-service")
    parser.add_argument("user_id", help="the token's subject: the user the requests act for")
    parser.add_argument("--admin", action="store_true", help="add the bookings:admin scope")
    parser.add_argument("--minutes", type=int, default=60, help="lifetime (default 60)")
    args = parser.parse_args()
    secret = secret_from_env().encode("utf-8")
    if len(secret) < 32:
        print("JWT_HMAC_SECRET must be set (environment or .env) and at least 32 bytes", file=sys.stderr)
        return 2
    now = int(time.time())
    claims = {"sub": args.user_id, "iat": now, "exp": now + 60 * args.minutes}
    if args.admin:
        claims["scope"] = "bookings:admin"
    signing_input = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode()) + "." + \
        b64url(json.dumps(claims, ensure_ascii=False).encode("utf-8"))
    signature = hmac.new(secret, signing_input.encode("ascii"), hashlib.sha256).digest()
    print(signing_input + "." + b64url(signature))
    return 0


if __name__ == "__main__":
    sys.exit(main())
