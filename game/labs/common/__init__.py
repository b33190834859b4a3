"""What two or more labs share: plane navigation, the oscilloscope, the paintable grid,
the challenge writer. Each module here has one job and knows no particular lab."""
