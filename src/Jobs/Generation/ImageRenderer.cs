using System.Text;

namespace Platform.Jobs.Generation;

/// <summary>
/// Renders an image from a prompt and a seed by refinement: each step adds a finer layer of value noise
/// to a height field and re-colours every pixel from a palette the prompt chooses, stretched over the
/// field's current range. Deterministic for the same prompt, seed and size.
/// </summary>
public sealed class ImageRenderer
{
    private const int Octaves = 8;
    private const int PaletteSize = 5;
    private readonly int _width;
    private readonly int _height;
    private readonly float[] _field;
    private readonly byte[] _rgb;
    private readonly (float R, float G, float B)[] _palette;
    private readonly Random _random;
    private float _fieldMin;
    private float _fieldMax;

    public ImageRenderer(string prompt, int seed, int width, int height)
    {
        (_width, _height) = (width, height);
        _field = new float[width * height];
        _rgb = new byte[width * height * 3];
        _random = new Random(unchecked((int)(StableHash(prompt) ^ (ulong)(uint)seed * 0x9E3779B97F4A7C15UL)));
        _palette = ChoosePalette(_random);
    }

    public ReadOnlySpan<byte> Rgb => _rgb;

    /// <summary>Adds one layer of detail and re-colours the image; returns the mean absolute change per channel (0–255).</summary>
    public double Refine(int step)
    {
        var octave = (step - 1) % Octaves;
        var cells = Math.Min(2 << octave, Math.Max(_width, _height));
        var amplitude = 1f / (1 << octave) * (1f + step / (float)Octaves / 4f);
        AddNoiseLayer(cells, amplitude);
        return Colour();
    }

    public byte[] EncodePng() => PngEncoder.EncodeRgb(_rgb, _width, _height);

    private void AddNoiseLayer(int cells, float amplitude)
    {
        var lattice = new float[(cells + 1) * (cells + 1)];
        for (var i = 0; i < lattice.Length; i++)
            lattice[i] = (float)_random.NextDouble() * 2f - 1f;

        var scaleX = cells / (float)_width;
        var scaleY = cells / (float)_height;
        var (min, max) = (float.MaxValue, float.MinValue);
        for (var y = 0; y < _height; y++)
        {
            var fy = y * scaleY;
            var cy = (int)fy;
            var ty = Smooth(fy - cy);
            var row0 = cy * (cells + 1);
            var row1 = row0 + cells + 1;
            for (var x = 0; x < _width; x++)
            {
                var fx = x * scaleX;
                var cx = (int)fx;
                var tx = Smooth(fx - cx);
                var top = Lerp(lattice[row0 + cx], lattice[row0 + cx + 1], tx);
                var bottom = Lerp(lattice[row1 + cx], lattice[row1 + cx + 1], tx);
                var value = _field[y * _width + x] += amplitude * Lerp(top, bottom, ty);
                min = Math.Min(min, value);
                max = Math.Max(max, value);
            }
        }
        (_fieldMin, _fieldMax) = (min, max);
    }

    private double Colour()
    {
        long change = 0;
        // Stretching over the current range keeps every palette colour in use however the layers add up.
        var scale = _fieldMax > _fieldMin ? 1f / (_fieldMax - _fieldMin) : 0f;
        for (var i = 0; i < _field.Length; i++)
        {
            var t = Math.Clamp((_field[i] - _fieldMin) * scale, 0f, 0.9999f) * (_palette.Length - 1);
            var index = (int)t;
            var mix = t - index;
            var (r0, g0, b0) = _palette[index];
            var (r1, g1, b1) = _palette[index + 1];
            change += SetChannel(i * 3, Lerp(r0, r1, mix));
            change += SetChannel(i * 3 + 1, Lerp(g0, g1, mix));
            change += SetChannel(i * 3 + 2, Lerp(b0, b1, mix));
        }
        return change / (double)_rgb.Length;
    }

    private int SetChannel(int index, float value)
    {
        var next = (byte)(value * 255f);
        var difference = Math.Abs(next - _rgb[index]);
        _rgb[index] = next;
        return difference;
    }

    // A dark-to-light ramp of neighbouring hues, so the field reads as relief rather than muddy noise.
    private static (float R, float G, float B)[] ChoosePalette(Random random)
    {
        var hue = random.NextDouble();
        var spread = 0.05 + random.NextDouble() * 0.25;
        var saturation = 0.4 + random.NextDouble() * 0.5;
        return Enumerable.Range(0, PaletteSize)
            .Select(i => FromHsv(hue + i * spread, saturation, 0.15 + 0.8 * i / (PaletteSize - 1)))
            .ToArray();
    }

    private static (float R, float G, float B) FromHsv(double hue, double saturation, double value)
    {
        var h = (hue - Math.Floor(hue)) * 6;
        var sector = (int)h;
        var f = h - sector;
        var (p, q, t) = (value * (1 - saturation), value * (1 - saturation * f), value * (1 - saturation * (1 - f)));
        var (r, g, b) = sector switch
        {
            0 => (value, t, p),
            1 => (q, value, p),
            2 => (p, value, t),
            3 => (p, q, value),
            4 => (t, p, value),
            _ => (value, p, q),
        };
        return ((float)r, (float)g, (float)b);
    }

    private static float Smooth(float t) => t * t * (3f - 2f * t);

    private static float Lerp(float a, float b, float t) => a + (b - a) * t;

    // string.GetHashCode differs per process; images must not.
    private static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
            hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }
}
