"""The test clip the check's channel loops: four seconds of test pattern and a 1 kHz tone, shipped with the package.

It lets the check run with no encoder: MediaLive reads it from the recordings bucket as an MP4 file input. Made
once with FFmpeg 5.1 and committed (148 KB):

    ffmpeg -f lavfi -i testsrc2=size=640x360:rate=30:duration=4 \\
      -f lavfi -i sine=frequency=1000:sample_rate=48000:duration=4 -map 0:v -map 1:a \\
      -c:v libx264 -profile:v main -level 3.0 -pix_fmt yuv420p -g 30 -keyint_min 30 -sc_threshold 0 \\
      -b:v 200k -maxrate 250k -bufsize 500k -c:a aac -b:a 64k -ac 2 -movflags +faststart \\
      -map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact test-pattern.mp4

H.264 with a keyframe every second and stereo AAC at 48 kHz: within the channel's input specification (AVC up
to HD), and a GOP that MediaLive can loop on without waiting long for the next keyframe.
"""

from __future__ import annotations

from importlib import resources

CLIP_NAME = "test-pattern.mp4"
CLIP_SECONDS = 4.0
CONTENT_TYPE = "video/mp4"


def clip_bytes() -> bytes:
    return resources.files("core.acceptance").joinpath(CLIP_NAME).read_bytes()


def clip_ref(run_id: str) -> str:
    """The clip as a track file name: in the tracks folder, which MediaLive's role may read (deploy template)."""
    return f"{run_id}/{CLIP_NAME}"
