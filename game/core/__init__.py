"""The core every lab is built on: no pygame, no lab, no scene.

- :mod:`game.core.schema`: the types of level-file tables (``Strict``,
  ``Texts``, ``Param``, ``Goal``, ``Window``) and readable validation errors;
- :mod:`game.core.level`: a loaded ``Level`` and the play ``Mode``;
- :mod:`game.core.tunables`: declared sliders plus fixed values, as one
  clamped dict (the one home of a lab's parameter values);
- :mod:`game.core.scoring`: stars from a score, the meter, the best attempt;
- :mod:`game.core.jobs`: the one scheduler for slow work (frame-budgeted
  slices or a polite background thread, cancellable, stopped by ``close``);
- :mod:`game.core.lab`: what a lab is (``LabSpec``, ``make_spec``,
  ``GoalKind``, ``Scripts``) and the base of every lab model.

The dependency direction is one way: ``sim`` <- ``core`` <- ``labs`` <-
``scenes`` <- ``app``.
"""
