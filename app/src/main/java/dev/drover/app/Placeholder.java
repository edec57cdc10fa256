package dev.drover.app;
final class Placeholder {}
