#!/usr/bin/python3
"""The README's "model trained elsewhere" demo: trains torchvision's ResNet-18 (5 classes) in
PyTorch on a toy image task, saves its state dict as safetensors.torch.save_file would, and
writes a folder of test PNGs and the training images as .npy for the post-hoc AGOP.

Task: 3x32x32 grey-noise images with one coloured 8x8 square; the class is where the square
is (0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right, 4 centre).

    /usr/bin/python3 scripts/pytorch_resnet18_demo.py OUT_DIR
writes OUT_DIR/resnet18_squares.safetensors, OUT_DIR/train_images.npy (256, 3, 32, 32),
OUT_DIR/png/*.png (10 test images, 64x64: agop explain resizes them to 32x32).
"""
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
import torchvision
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "golden"))
from make_golden import write_safetensors  # noqa: E402  (save_file's layout, written by hand)

CORNERS = [(4, 4), (4, 20), (20, 4), (20, 20), (12, 12)]


def squares(n, generator):
    x = 0.5 + 0.1 * torch.randn(n, 1, 32, 32, generator=generator).expand(n, 3, 32, 32).clone()
    y = torch.randint(0, 5, (n,), generator=generator)
    for i in range(n):
        r, c = CORNERS[y[i]]
        colour = torch.rand(3, generator=generator)
        x[i, :, r:r + 8, c:c + 8] = colour[:, None, None]
    return x.clamp(0, 1), y


def main(out):
    torch.manual_seed(0)
    torch.set_num_threads(2)
    g = torch.Generator().manual_seed(0)
    model = torchvision.models.resnet18(num_classes=5)
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    for step in range(120):
        x, y = squares(32, g)
        loss = F.cross_entropy(model(x), y)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        if step % 20 == 0:
            print("step", step, "loss", float(loss), flush=True)
    model.eval()
    x, y = squares(200, g)
    with torch.no_grad():
        accuracy = (model(x).argmax(1) == y).float().mean()
    print("test accuracy", float(accuracy))
    os.makedirs(os.path.join(out, "png"), exist_ok=True)
    write_safetensors(os.path.join(out, "resnet18_squares.safetensors"), model.state_dict())
    train, _ = squares(256, g)
    np.save(os.path.join(out, "train_images.npy"), train.numpy().astype("<f4"))
    for i in range(10):
        image = (x[i].permute(1, 2, 0).numpy() * 255).round().astype(np.uint8)
        Image.fromarray(image).resize((64, 64), Image.NEAREST).save(
            os.path.join(out, "png", "test_%02d_class%d.png" % (i, int(y[i]))))


if __name__ == "__main__":
    main(sys.argv[1])
