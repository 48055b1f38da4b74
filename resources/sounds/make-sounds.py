#!/usr/bin/env python3
"""Writes the kiosk's verdict sounds (16-bit mono WAV). Distinct in pitch and rhythm, so they
are told apart over music without looking: OK rises, ALREADY_REDEEMED buzzes twice low, every
other refusal falls. Run from this folder: python3 make-sounds.py"""
import math, struct, wave

RATE = 44100

def tone(freq, seconds, volume=0.8, square=0.0):
    n = int(RATE * seconds)
    out = []
    for i in range(n):
        t = i / RATE
        s = math.sin(2 * math.pi * freq * t)
        s = (1 - square) * s + square * (1.0 if s >= 0 else -1.0)
        env = min(1.0, i / (RATE * 0.005), (n - i) / (RATE * 0.02))  # click-free edges
        out.append(volume * env * s)
    return out

def silence(seconds):
    return [0.0] * int(RATE * seconds)

def write(name, samples):
    with wave.open(name, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(b"".join(struct.pack("<h", int(max(-1, min(1, s)) * 32767)) for s in samples))

write("ok.wav", tone(880, 0.12) + tone(1318.5, 0.22))
write("already.wav", tone(196, 0.2, square=0.6) + silence(0.08) + tone(196, 0.2, square=0.6))
write("refused.wav", tone(659, 0.12, square=0.3) + tone(440, 0.12, square=0.3) + tone(294, 0.26, square=0.3))
