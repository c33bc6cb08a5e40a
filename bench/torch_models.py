"""The benchmark models in plain PyTorch, with the layouts of agop's nn/ (mlp.hpp,
cnn8by8.hpp, resnet18.hpp): MLP d -> 64 -> 64 -> C, XAI-TRIS's CNN8by8, and ResNet-18 in
torchvision's layout (torchvision is not installed here, so it is written out).

Every ReLU is a module built by `relu_factory`, so DeepSHAP can swap in its rescale rule
(torch_methods.RescaleReLU) without a second model definition.
"""

import torch
from torch import nn


def plain_relu():
    return nn.ReLU()


class Mlp(nn.Module):
    """x (N, d) -> logits (N, C)."""

    def __init__(self, d, classes, hidden=(64, 64), relu_factory=plain_relu):
        super().__init__()
        layers, width = [], d
        for h in hidden:
            layers += [nn.Linear(width, h), relu_factory()]
            width = h
        layers.append(nn.Linear(width, classes))
        self.layers = nn.Sequential(*layers)

    def forward(self, x):
        return self.layers(x)


class Cnn8by8(nn.Module):
    """x (N, 1, 8, 8) -> logits (N, C); four Conv(k2, p1) -> ReLU -> MaxPool(2) blocks."""

    def __init__(self, classes=2):
        super().__init__()
        blocks, channels = [], 1
        for _ in range(4):
            blocks += [nn.Conv2d(channels, 4, 2, 1, 1), nn.ReLU(), nn.MaxPool2d(2, 2)]
            channels = 4
        self.cnn_layers = nn.Sequential(*blocks)
        self.linear_layers = nn.Sequential(nn.Linear(4, classes))

    def forward(self, x):
        return self.linear_layers(torch.flatten(self.cnn_layers(x), 1))


class BasicBlock(nn.Module):
    def __init__(self, inplanes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU()
        self.downsample = None
        if stride != 1 or inplanes != planes:
            self.downsample = nn.Sequential(nn.Conv2d(inplanes, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        return self.relu(self.bn2(self.conv2(out)) + identity)


class ResNet18(nn.Module):
    """x (N, in_channels, H, W) -> logits (N, C), torchvision's ResNet-18 layout and init."""

    def __init__(self, in_channels=3, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU()
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        inplanes, layers = 64, []
        for planes, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
            layers.append(nn.Sequential(BasicBlock(inplanes, planes, stride), BasicBlock(planes, planes, 1)))
            inplanes = planes
        self.layer1, self.layer2, self.layer3, self.layer4 = layers
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(512, classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))
