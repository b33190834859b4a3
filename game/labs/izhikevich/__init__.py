"""Izhikevich lab: make a neuron spike, burst and chatter; phase portrait, atlas, sound."""

from game.labs.izhikevich.spec import SPEC

__all__ = ["SPEC"]
